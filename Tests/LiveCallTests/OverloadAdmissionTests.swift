import ControlAPI
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Hummingbird
import LiveCall
import Logging
import NIOCore
import NIOPosix
import Prometheus
import Testing
import TestSupport

/// Overload through the control API (README "Capacity and overload"): an engine whose event loop
/// is kept busy — so its media clock really runs late, as on a machine out of CPU — refuses new
/// calls with 503, says why, counts each refusal under reason "overload", and takes calls again
/// once its ticks are on time. In process: the engine on a one-thread event loop group of its own
/// (the HTTP server on another), the metrics on a Prometheus registry as `ivr serve` makes them.
/// Engine RTP ports 23800–23899.
@Suite(.serialized) struct OverloadAdmissionTests {
    struct Answer {
        var status: Int
        var retryAfter: String?
        var message: String
    }

    static func post(_ base: URL, _ body: String) async throws -> Answer {
        var request = URLRequest(url: base.appendingPathComponent("v1/calls"))
        request.httpMethod = "POST"
        request.httpBody = Data(body.utf8)
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.setValue("Bearer t", forHTTPHeaderField: "Authorization")
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = response as? HTTPURLResponse
        return Answer(status: http?.statusCode ?? 0, retryAfter: http?.value(forHTTPHeaderField: "Retry-After"),
                      message: String(decoding: data, as: UTF8.self))
    }

    @Test func anEngineFallingBehindRefusesNewCallsWith503UntilItCatchesUp() async throws {
        let engineGroup = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        var config = EngineConfig()
        config.rtpPorts = 23800...23899
        config.overload.windowMs = 1000     // the defaults' logic on a shorter time scale
        config.overload.minimumTicks = 25
        config.overload.recoveryMs = 1000
        let voices = VoiceCatalog(root: try ServerProcess.claimsOnlyRoot().path, rateHz: 8000)
        _ = try voices.voice("claims-24x7")
        var logger = Logger(label: "overload-test")
        logger.logLevel = .error
        let engine = CallEngine(config: config, voices: voices, group: engineGroup, logger: logger)
        let registry = PrometheusCollectorRegistry()
        let metrics = EngineMetrics(factory: PrometheusMetricsFactory(registry: registry))
        metrics.attach(to: engine)
        let events = EventHub()
        events.attach(to: engine)
        let observability = Observability(events: events, metrics: metrics,
                                          exposition: { registry.emitToString() + MediaTimingMetrics.exposition(engine) })
        let (ports, port) = AsyncStream.makeStream(of: Int.self)
        let app = Application(router: ControlAPI.router(engine: engine, token: "t", observability: observability),
                              configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                              onServerRunning: { port.yield($0.localAddress?.port ?? 0) }, logger: Self.quiet)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await app.runService(gracefulShutdownSignals: []) }
            defer { group.cancelAll() }
            var portIterator = ports.makeAsyncIterator()
            let httpPort = try #require(await portIterator.next())
            let base = try #require(URL(string: "http://127.0.0.1:\(httpPort)"))
            let sink = try UDPSocket()  // where the engine sends its audio
            let open = #"{"codec": "PCMU", "remote": {"address": "127.0.0.1", "port": \#(sink.port)}}"#

            // One call keeps the loop's media clock ticking; on time, a second call is taken.
            let first = try await Self.post(base, open)
            #expect(first.status == 201, "\(first.message)")
            try await Task.sleep(nanoseconds: 1_500_000_000)
            for _ in 0..<25 where engine.overloadReason != nil { try await Task.sleep(nanoseconds: 200_000_000) }  // a busy machine
            #expect(engine.overloadReason == nil)
            let second = try await Self.post(base, open)
            #expect(second.status == 201, "\(second.message)")

            // Work that holds the engine's loop 30 ms of every 35: its ticks start up to 30 ms late.
            let busy = engineGroup.next().scheduleRepeatedTask(initialDelay: .zero, delay: .milliseconds(5)) { _ in
                usleep(30_000)
            }
            var refused: [Answer] = []
            for _ in 0..<50 where refused.isEmpty {  // ≤ 10 s; the window fills in 0.5–1 s
                try await Task.sleep(nanoseconds: 200_000_000)
                let answer = try await Self.post(base, open)
                if answer.status == 503 { refused.append(answer) } else { #expect(answer.status == 201, "\(answer.message)") }
            }
            let answer = try #require(refused.first)
            #expect(answer.message.contains("the engine is overloaded, so it refuses new calls rather than let the"))
            #expect(answer.message.contains("of the media clock's ticks in the last 1 s ran more than 10 ms late"))
            #expect(answer.retryAfter == "1")
            let during = try PrometheusText(parsing: try await Self.metrics(base))
            #expect(during.value("ivr_overloaded") == 1)
            #expect(during.value("ivr_calls_refused_total", ["reason": "overload"]) == 1)

            // The work stops: once the ticks are on time for the recovery time, calls are taken again.
            busy.cancel()
            var readmitted = false
            for _ in 0..<50 where !readmitted {  // ≤ 10 s; the window clears in 1 s, then 1 s of recovery
                try await Task.sleep(nanoseconds: 200_000_000)
                let answer = try await Self.post(base, open)
                if answer.status == 503 { refused.append(answer) } else { readmitted = answer.status == 201 }
            }
            #expect(readmitted)
            #expect(engine.overloadReason == nil)
            let after = try PrometheusText(parsing: try await Self.metrics(base))
            #expect(after.value("ivr_overloaded") == 0)
            #expect(after.value("ivr_calls_refused_total", ["reason": "overload"]) == Double(refused.count))
            #expect(after.sum("ivr_calls_refused_total") == Double(refused.count))
            // The late ticks are in the lateness histogram; the calls' hops in the stage histograms.
            #expect((after.value("ivr_media_tick_lateness_seconds_count") ?? 0) > (after.value("ivr_media_tick_lateness_seconds_bucket", ["le": "0.01"]) ?? 0))
            for id in await engine.calls().map(\.id) { _ = await engine.end(id, reason: "test over") }
        }
        try await engineGroup.shutdownGracefully()
    }

    /// The server is stopped by cancelling it, which it logs as errors.
    static let quiet: Logger = {
        var logger = Logger(label: "overload-test-http")
        logger.logLevel = .critical
        return logger
    }()

    static func metrics(_ base: URL) async throws -> String {
        let (data, _) = try await URLSession.shared.data(from: base.appendingPathComponent("metrics"))
        return String(decoding: data, as: UTF8.self)
    }
}
