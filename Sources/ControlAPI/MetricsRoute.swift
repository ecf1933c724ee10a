import Hummingbird

/// `GET /metrics`: the Prometheus text exposition. Open like `/healthz` (scrapers seldom carry a
/// token, and no label names a call or a caller); bind the control API to a private address.
extension ControlAPI {
    static func addMetrics(to router: Router<BasicRequestContext>, _ observability: Observability) {
        router.get("/metrics") { _, _ -> Response in
            Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                     body: ResponseBody(byteBuffer: ByteBuffer(string: observability.exposition())))
        }
    }
}
