import CallRecords
import ControlAPI
import Foundation
import LiveCall
import Session
import Testing
import TestSupport

/// Graceful shutdown through a real `ivr serve` (SIGTERM, `--shutdown-deadline 1`): no new calls
/// while it stops, a call still going at the deadline ends as `interrupted` with the reason, and
/// its whole record is written before the process exits.
@Suite(.serialized) struct ShutdownDeadlineTests {
    static let rtpPorts = 27200...27299

    @Test func aCallStillGoingAtTheDeadlineEndsInterruptedAndIsWritten() async throws {
        let path = try Paths.temporaryDirectory("shutdown").appendingPathComponent("records.sqlite").path
        let sink = try UDPSocket()
        let server = try ServerProcess(rtpPorts: Self.rtpPorts, records: "sqlite:\(path)", shutdownDeadlineSec: 1)
        let api = ControlAPIClient(baseURL: server.baseURL, token: server.token)
        let request = OpenCallRequest(codec: "PCMU", remote: RTPAddress(address: "127.0.0.1", port: sink.port))
        let id = try await api.open(request).info.id
        // Past the 2 s media-start timeout: the greeting plays to a caller who never speaks.
        try await Task.sleep(nanoseconds: 3_000_000_000)

        let stopAsked = Date()
        server.process.terminate()
        try await Task.sleep(nanoseconds: 200_000_000)
        do {
            _ = try await api.open(request)
            Issue.record("a call was opened while the engine was shutting down")
        } catch let failure as ControlAPIClient.Failure {
            #expect(failure.status == 503, "\(failure)")
            #expect(failure.message.contains("shutting down"), "\(failure)")
        }
        let deadline = Date().addingTimeInterval(20)
        while server.process.isRunning, Date() < deadline { try await Task.sleep(nanoseconds: 50_000_000) }
        #expect(!server.process.isRunning, "ivr serve did not stop within 20 s of SIGTERM")
        #expect(server.process.terminationStatus == 0, "\(server.stderr)")
        #expect(Date().timeIntervalSince(stopAsked) >= 1, "the call in progress had its 1 s")

        let store = try SQLiteCallRecordStore(path: path, create: false)
        let (call, record) = try #require(try store.call(id: id))
        #expect(call.state == .ended && call.outcome == .interrupted)
        #expect(call.reason == "the engine shut down (deadline 1.0 s)", "\(call.reason ?? "nil")")
        #expect(record.events.first?.kind == .callStarted)
        #expect(record.prompts.first?.key == "greeting", "the greeting was playing: \(record.prompts.map(\.key))")
        guard case .hangup(let outcome, _)? = record.events.last?.kind else {
            Issue.record("the record does not end with its hang-up: \(record.events.last.map { "\($0)" } ?? "no events")")
            return
        }
        #expect(outcome == .interrupted)
        #expect(try store.calls(since: nil, outcome: nil).count == 1, "the refused call left no row")
    }
}
