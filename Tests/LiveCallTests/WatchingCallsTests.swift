import ControlAPI
import Foundation
import LiveCall
import Session
import Testing
import TestSupport

/// Watching calls through a real `ivr serve` on loopback (README "Watching calls"): the live
/// event stream and the Prometheus metrics, with calls driven by real-time RTP callers.
@Suite(.serialized) struct WatchingCallsTests {
    /// Two clients of one call's stream, one from right after it opened, one after several
    /// events: both get the whole call, in order, once each, ending with its hangup — the
    /// same events as its record.
    @Test func aLateEventStreamClientGetsTheSameEventsAsAnEarlyOne() async throws {
        let server = try ServerProcess(rtpPorts: 28000...28099)
        defer { server.stop() }
        let api = ControlAPIClient(baseURL: server.baseURL, token: server.token)
        let socket = try UDPSocket()
        let view = try await api.open(OpenCallRequest(codec: "PCMU", remote: RTPAddress(address: "127.0.0.1", port: socket.port)))
        let id = view.info.id
        let streamURL = server.baseURL.appendingPathComponent("v1/calls/\(id)/events")
        let (unauthorized, _) = try await api.raw("GET", "v1/calls/\(id)/events", authorization: .none)
        #expect(unauthorized == 401)

        let early = try EventStreamReader(streamURL, token: server.token)
        #expect(await early.waitUntilConnected())
        let caller = ScriptedRTPCaller(socket: socket, enginePort: view.info.rtp.port)
        for _ in 0..<150 {  // 3 s: the call starts, its first lines are queued
            caller.sendSilence()
            try await Task.sleep(nanoseconds: 20_000_000)
        }
        let eventsBeforeLateClient = try await api.call(id).record?.events.count ?? 0
        #expect(eventsBeforeLateClient >= 2)
        let late = try EventStreamReader(streamURL, token: server.token)
        #expect(await late.waitUntilConnected())
        for packet in caller.keyPackets(0) {  // "0": a human, the call transfers
            caller.send(packet)
            try await Task.sleep(nanoseconds: 20_000_000)
        }
        var live = try await api.call(id)
        for frame in 0..<400 where live.info.state != "ended" {
            caller.sendSilence()
            try await Task.sleep(nanoseconds: 20_000_000)
            if frame % 10 == 0 { live = try await api.call(id) }
        }
        if live.info.state != "ended" { live = try await api.end(id) }
        let record = try #require(live.record)

        let (earlyType, earlyMessages) = try await early.finish(timeoutSec: 10)
        let (lateType, lateMessages) = try await late.finish(timeoutSec: 10)
        #expect(earlyType == "text/event-stream" && lateType == "text/event-stream")
        #expect(lateMessages == earlyMessages)
        #expect(earlyMessages.map(\.id) == (0..<earlyMessages.count).map(String.init))
        let events = try earlyMessages.map { try JSONDecoder().decode(CallEvent.self, from: Data($0.data.utf8)) }
        #expect(events == record.events)
        #expect(events.first?.type == "callStarted" && events.last?.type == "hangup")
        #expect(record.outcome == .transferred)
        #expect(live.info.media.packetsLost == 0, "the key's RFC 4733 packets use sequence numbers of the stream: not lost")

        // After the call: the whole log at once, and from Last-Event-ID on.
        let after = try EventStreamReader(streamURL, token: server.token)
        #expect(try await after.finish(timeoutSec: 10).messages == earlyMessages)
    }

    /// Ten calls (five transfer on "0", five hung up by the gateway) and one refused: the
    /// metrics parse strictly and their counters equal the sums over the calls' records.
    @Test func metricsMatchTheCallRecordsAfterTenCalls() async throws {
        let server = try ServerProcess(rtpPorts: 28100...28199, extra: ["--max-calls", "10"])
        defer { server.stop() }
        let api = ControlAPIClient(baseURL: server.baseURL, token: server.token)
        var callers: [(id: String, caller: ScriptedRTPCaller)] = []
        for _ in 0..<10 {
            let socket = try UDPSocket()
            let view = try await api.open(OpenCallRequest(codec: "PCMU", remote: RTPAddress(address: "127.0.0.1", port: socket.port)))
            callers.append((view.info.id, ScriptedRTPCaller(socket: socket, enginePort: view.info.rtp.port)))
        }
        let refused = try JSONEncoder().encode(OpenCallRequest(remote: RTPAddress(address: "127.0.0.1", port: 45030)))
        #expect(try await api.raw("POST", "v1/calls", body: refused).0 == 503)

        for _ in 0..<150 {  // 3 s of every caller
            for c in callers { c.caller.sendSilence() }
            try await Task.sleep(nanoseconds: 20_000_000)
        }
        let keys = callers.prefix(5).map { $0.caller.keyPackets(0) }  // "0": a human, a transfer
        for i in 0..<8 {
            for (n, c) in callers.enumerated() { if n < 5 { c.caller.send(keys[n][i]) } else { c.caller.sendSilence() } }
            try await Task.sleep(nanoseconds: 20_000_000)
        }
        for c in callers.suffix(5) { _ = try await api.end(c.id) }  // the gateway hangs up
        var views: [CallView] = []
        for frame in 0..<500 {  // the transfer lines play out
            for c in callers.prefix(5) { c.caller.sendSilence() }
            try await Task.sleep(nanoseconds: 20_000_000)
            if frame % 25 == 24 {
                views = []
                for c in callers { views.append(try await api.call(c.id)) }
                if views.allSatisfy({ $0.info.state == "ended" }) { break }
            }
        }
        #expect(views.count == 10 && views.allSatisfy { $0.info.state == "ended" })
        let records = views.compactMap(\.record)
        let outcomes = records.map(\.outcome)
        #expect(Set(outcomes) == [.transferred, .callerHungUp])

        let (status, body) = try await api.raw("GET", "metrics", authorization: .none)
        #expect(status == 200)
        let metrics = try PrometheusText(parsing: String(decoding: body, as: UTF8.self))
        #expect(metrics.types["ivr_calls_total"] == "counter" && metrics.types["ivr_calls_active"] == "gauge")
        #expect(metrics.types["ivr_rtp_jitter_seconds"] == "histogram" && metrics.types["ivr_hop_processing_p99_seconds"] == "histogram")
        for outcome in CallOutcome.allCases {
            #expect(metrics.sum("ivr_calls_total", matching: ["outcome": outcome.rawValue, "voice": "claims-24x7", "codec": "PCMU"])
                    == Double(outcomes.filter { $0 == outcome }.count), "\(outcome)")
        }
        #expect(metrics.sum("ivr_calls_total") == 10)
        #expect(metrics.value("ivr_calls_active") == 0)
        #expect(metrics.value("ivr_calls_refused_total", ["reason": "max_calls"]) == 1 && metrics.sum("ivr_calls_refused_total") == 1)
        #expect(metrics.value("ivr_overloaded") == 0)
        let media = views.map(\.info.media)
        func total(_ field: (MediaStatistics) -> Int) -> Double { Double(media.map(field).reduce(0, +)) }
        #expect(metrics.sum("ivr_rtp_packets_received_total") == total(\.packetsReceived))
        #expect(metrics.sum("ivr_rtp_packets_sent_total") == total(\.packetsSent))
        #expect(total(\.packetsReceived) >= 10 * 150 && total(\.packetsSent) > 0)
        #expect(metrics.sum("ivr_rtp_packets_lost_total") == total(\.packetsLost))
        #expect(metrics.sum("ivr_rtp_packets_late_total") == total(\.packetsLate))
        #expect(metrics.sum("ivr_rtp_packets_duplicated_total") == total(\.packetsDuplicated))
        #expect(metrics.sum("ivr_concealed_hops_total") == total(\.concealedHops))
        #expect(metrics.sum("ivr_late_output_packets_total") == total(\.lateOutputPackets))
        #expect(metrics.sum("ivr_telephone_events_total") == total(\.telephoneEvents) && total(\.telephoneEvents) == 5)
        let events = records.flatMap(\.events)
        #expect(metrics.value("ivr_transfers_total") == Double(events.filter { $0.type == "transfer" }.count))
        #expect(metrics.sum("ivr_caller_emotion_total") == Double(events.filter { $0.type == "callerTurn" }.count))
        #expect(metrics.sum("ivr_rtp_jitter_seconds_count") == 10 && metrics.sum("ivr_hop_processing_p99_seconds_count") == 10)
        #expect(!metrics.samples.contains { s in s.labels.values.contains { v in callers.contains { $0.id == v } } })
        // Each stage's time on every hop: per 20 ms packet, two 10 ms hops decoded and through the session.
        #expect(metrics.types["ivr_stage_processing_seconds"] == "histogram")
        func stageCount(_ stage: String) -> Double { metrics.value("ivr_stage_processing_seconds_count", ["stage": stage, "codec": "PCMU"]) ?? 0 }
        #expect(stageCount("encode_send") >= total(\.packetsSent) && total(\.packetsSent) > 0)
        #expect(stageCount("decode") == 2 * stageCount("encode_send") && stageCount("session") == 2 * stageCount("encode_send"))
        #expect(metrics.sum("ivr_stage_processing_seconds_count", matching: ["codec": "opus"]) == 0)
    }

    /// An all-calls stream never ends by itself; a graceful shutdown ends it rather than wait on it.
    @Test func aGracefulShutdownEndsOpenEventStreams() async throws {
        let server = try ServerProcess(rtpPorts: 28200...28299)
        defer { server.stop() }
        let all = try EventStreamReader(server.baseURL.appendingPathComponent("v1/events"), token: server.token)
        #expect(await all.waitUntilConnected())
        let start = Date()
        let status = server.stop(graceSec: 15)
        #expect(Date().timeIntervalSince(start) < 10)
        #expect(status == 0)
        #expect(try await all.finish(timeoutSec: 5).messages.isEmpty)
    }
}
