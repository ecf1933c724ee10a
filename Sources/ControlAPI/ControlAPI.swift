import Foundation
import Hummingbird
import LiveCall
import Logging
import Session

/// The HTTP control API of `ivr serve` (README "Live calls"):
///
///     GET    /healthz               liveness and load (no token needed)
///     POST   /v1/calls              open a call: voice, codec, the gateway's RTP address or an SDP offer → 201
///     GET    /v1/calls              the calls in progress and recently ended
///     GET    /v1/calls/{id}         one call, with its record so far
///     DELETE /v1/calls/{id}         end a call (the caller hung up) → its record
///     GET    /v1/calls/{id}/events  its events, live (server-sent events; EventStreamRoutes.swift)
///     GET    /v1/events             every call's events, live
///     GET    /metrics               Prometheus metrics (no token needed, like /healthz)
///
/// Everything under /v1 needs `Authorization: Bearer <token>`. Errors are JSON,
/// `{"error": {"message": "…"}}`, with the status that fits (400, 401, 404, 503).
public enum ControlAPI {
    public static func router(engine: CallEngine, token: String, observability: Observability? = nil) -> Router<BasicRequestContext> {
        let router = Router()
        router.get("/healthz") { _, _ in
            Health(status: "ok", activeCalls: engine.activeCount, maxCalls: engine.config.maxCalls)
        }
        if let observability { addMetrics(to: router, observability) }
        let v1 = router.group("v1").add(middleware: BearerTokenMiddleware(token: token))
        if let observability { addEventStreams(to: v1, engine: engine, hub: observability.events) }
        v1.post("calls") { request, context -> EditedResponse<CallView> in
            let body = try await request.decode(as: OpenCallRequest.self, context: context)
            do {
                let info = try await engine.open(body)
                return EditedResponse(status: .created, headers: [.location: "/v1/calls/\(info.id)"],
                                      response: CallView(info: info, record: nil))
            } catch let error as OpenCallError {
                guard case .unavailable(let reason, _) = error else { throw HTTPError(error.status, message: error.description) }
                observability?.metrics.callRefused(reason: reason)
                // RFC 9110 §10.2.3: when to try again — after the overload's recovery time.
                let retry = reason == .overload ? Int((engine.config.overload.recoveryMs / 1000).rounded(.up)) : nil
                throw HTTPError(error.status, headers: retry.map { [.retryAfter: "\($0)"] } ?? [:], message: error.description)
            }
        }
        v1.get("calls") { _, _ in CallList(calls: await engine.calls()) }
        v1.get("calls/:id") { _, context -> CallView in
            let (info, record) = try await lookUpCall(context) { await engine.call($0) }.found
            return CallView(info: info, record: record)
        }
        v1.delete("calls/:id") { _, context -> CallView in
            let (info, record) = try await lookUpCall(context) { await engine.end($0, reason: "the gateway ended the call") }.found
            return CallView(info: info, record: record)
        }
        return router
    }

    /// The `:id` of a per-call route and what `lookUp` finds for it; a 404 when it finds nothing.
    static func lookUpCall<Found>(_ context: BasicRequestContext,
                                  _ lookUp: (String) async -> Found?) async throws -> (id: String, found: Found) {
        let id = try context.parameters.require("id")
        guard let found = await lookUp(id) else {
            throw HTTPError(.notFound, message: "no call \(id) (GET /v1/calls lists the calls in progress and recently ended)")
        }
        return (id, found)
    }
}

/// `GET /healthz`.
struct Health: ResponseEncodable {
    var status: String
    var activeCalls: Int
    var maxCalls: Int
}

/// `GET /v1/calls`.
struct CallList: ResponseEncodable {
    var calls: [CallInfo]
}

/// A call, and its record when asked for one.
public struct CallView: ResponseEncodable, Decodable, Sendable {
    public var info: CallInfo
    public var record: CallRecord?

    public init(info: CallInfo, record: CallRecord?) {
        self.info = info
        self.record = record
    }

    // Flat: the call's fields, with `record` beside them.
    public func encode(to encoder: Encoder) throws {
        try info.encode(to: encoder)
        var c = encoder.container(keyedBy: Key.self)
        try c.encodeIfPresent(record, forKey: .record)
    }

    public init(from decoder: Decoder) throws {
        info = try CallInfo(from: decoder)
        record = try decoder.container(keyedBy: Key.self).decodeIfPresent(CallRecord.self, forKey: .record)
    }

    private enum Key: String, CodingKey { case record }
}

extension OpenCallError {
    var status: HTTPResponse.Status {
        switch self {
        case .invalid: return .badRequest
        case .unknownVoice: return .notFound
        case .unavailable: return .serviceUnavailable
        }
    }
}
