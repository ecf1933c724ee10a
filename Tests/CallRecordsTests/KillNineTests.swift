import CallRecords
import ControlAPI
import Foundation
import LiveCall
import Session
import Testing
import TestSupport

/// The crash guarantee through a real `ivr serve`: kill -9 with 20 calls finished and 20 in
/// progress loses no finished call, and the next start closes the 20 as interrupted.
@Suite(.serialized) struct KillNineTests {
    static let rtpPorts = 27000...27199

    /// Polls (bounded) until `condition` holds on the store as another process reads it.
    static func waitFor(_ what: String, timeoutSec: Double = 20, _ condition: () throws -> Bool) async throws {
        let deadline = Date().addingTimeInterval(timeoutSec)
        while Date() < deadline {
            if try condition() { return }
            try await Task.sleep(nanoseconds: 50_000_000)
        }
        throw RecordsTestFailure("timed out after \(timeoutSec) s waiting for \(what)")
    }

    @Test func killNineLosesNoFinishedCallAndClosesTheRestAsInterrupted() async throws {
        let path = try Paths.temporaryDirectory("killnine").appendingPathComponent("records.sqlite").path
        let root = try ServerProcess.claimsOnlyRoot()
        let sink = try UDPSocket()
        let server = try ServerProcess(rtpPorts: Self.rtpPorts, root: root, records: "sqlite:\(path)", shutdownDeadlineSec: 1)
        let api = ControlAPIClient(baseURL: server.baseURL, token: server.token)
        let request = OpenCallRequest(codec: "PCMU", remote: RTPAddress(address: "127.0.0.1", port: sink.port))

        // 20 calls that run past the media-start timeout (the greeting plays), then hang up.
        var finishing: [String] = []
        for i in 0..<20 {
            var r = request
            r.callerID = "+4400000\(i)"
            finishing.append(try await api.open(r).info.id)
        }
        try await Task.sleep(nanoseconds: 3_000_000_000)
        var finished: [String: CallRecord] = [:]
        for id in finishing {
            let ended = try await api.end(id)
            let record: CallRecord = try #require(ended.record, "DELETE of call \(id) returned no record")
            finished[id] = record
        }
        #expect(finished.values.allSatisfy { $0.outcome == .callerHungUp && $0.events.count >= 3 },
                "\(finished.values.map(\.events.count))")

        // 20 calls left in progress.
        var inProgress: Set<String> = []
        for _ in 0..<20 { inProgress.insert(try await api.open(request).info.id) }

        // The store as `ivr records` reads it from another process, while the server runs.
        let reader = try SQLiteCallRecordStore(path: path, create: false)
        try await Self.waitFor("20 ended and 20 in-progress rows") {
            let all = try reader.calls(since: nil, outcome: nil)
            return all.filter { $0.state == .ended }.count == 20 && all.filter { $0.state == .inProgress }.count == 20
        }
        server.crash()
        #expect(server.process.terminationReason == .uncaughtSignal && server.process.terminationStatus == SIGKILL)

        let restarted = try ServerProcess(rtpPorts: Self.rtpPorts, root: root, records: path, shutdownDeadlineSec: 1)
        defer { restarted.stop(graceSec: 20) }
        let store = try SQLiteCallRecordStore(path: path, create: false)
        let all = try store.calls(since: nil, outcome: nil)
        #expect(all.count == 40)
        #expect(all.allSatisfy { $0.state == .ended })
        for (id, expected) in finished {
            let (call, record) = try #require(try store.call(id: id), "finished call \(id) lost")
            #expect(record == expected, "call \(id): stored events differ from what the API returned")
            #expect(call.outcome == .callerHungUp && call.codec == "PCMU" && call.callerID?.hasPrefix("+4400000") == true)
            #expect(call.durationSec == expected.durationSec && call.reason == expected.endReason)
        }
        let interrupted = try store.calls(since: nil, outcome: .interrupted)
        #expect(Set(interrupted.map(\.id)) == inProgress)
        #expect(interrupted.allSatisfy { $0.reason == "the engine stopped while the call was in progress" && $0.endedAt != nil })
    }
}
