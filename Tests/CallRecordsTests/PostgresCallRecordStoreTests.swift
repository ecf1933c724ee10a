import CallRecords
import Foundation
import Session
import Testing

/// The same store on a real PostgreSQL server: round trip, interrupted marking, migrations once.
/// Skipped, with the reason, when no server can start here.
@Suite(.serialized, .enabled(if: PostgresTestServer.unavailableReason == nil,
                             "needs PostgreSQL from Debian's postgresql (scripts/setup.sh) to start a server"))
struct PostgresCallRecordStoreTests {
    static let record = SQLiteCallRecordStoreTests.record

    @Test func aFinishedCallReadsBackEqualAndInterruptedCallsAreClosed() throws {
        let server = try PostgresTestServer()
        defer { server.stop() }
        let store = try CallRecordsURL(server.url).open()
        #expect(store.location.hasPrefix("postgres://ivr@127.0.0.1:"))
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        for id in ["p1", "p2", "p3"] {
            try store.callOpened(StoredCall(id: id, engine: "e1", voice: "claims-24x7", callerID: "+441234", codec: "PCMU", startedAt: start))
        }
        try store.callEnded(StoredCall.finished(id: "p2", engine: "e1", callerID: "+441234", codec: "PCMU", endedAt: start.addingTimeInterval(12.5),
                                                record: Self.record), record: Self.record)
        let reopened = try CallRecordsURL(server.url).open()
        let (call, record) = try #require(try reopened.call(id: "p2"))
        #expect(record == Self.record)
        #expect(call.startedAt == start && call.state == .ended && call.outcome == .transferred && call.reason == "transferred to agent")
        #expect(try reopened.closeInterruptedCalls(engine: "e1", reason: SQLiteCallRecordStore.engineStoppedReason, at: Date()) == 2)
        #expect(try reopened.calls(since: nil, outcome: .interrupted).map(\.id) == ["p1", "p3"])
        #expect(try reopened.calls(since: start.addingTimeInterval(1), outcome: nil).isEmpty)
        #expect(try reopened.call(id: "nope") == nil)
    }

    /// Engines sharing one PostgreSQL store: one restarting closes only its own calls.
    @Test func anEngineRestartingClosesOnlyItsOwnCalls() throws {
        let server = try PostgresTestServer()
        defer { server.stop() }
        let store = try CallRecordsURL(server.url).open()
        for (id, engine) in [("a1", "engine-a"), ("b1", "engine-b")] {
            try store.callOpened(StoredCall(id: id, engine: engine, voice: "claims-24x7", callerID: nil, codec: "PCMU", startedAt: Date()))
        }
        #expect(try store.closeInterruptedCalls(engine: "engine-a", reason: SQLiteCallRecordStore.engineStoppedReason, at: Date()) == 1)
        #expect(try store.call(id: "a1")?.0.outcome == .interrupted)
        let b = try #require(try store.call(id: "b1")?.0)
        #expect(b.state == .inProgress && b.engine == "engine-b")
    }

    @Test func reopeningAppliesNoMigrationTwice() throws {
        let server = try PostgresTestServer()
        defer { server.stop() }
        let first = try PostgresCallRecordStore(url: server.url)
        let applied = try first.appliedMigrations()
        #expect(applied == ["v1: calls and call_events", "v2: the engine of each call"])
        try first.callEnded(StoredCall.finished(id: "m", engine: "e1", callerID: nil, codec: "PCMU", endedAt: Date(), record: Self.record),
                            record: Self.record)
        for _ in 0..<3 {
            let again = try PostgresCallRecordStore(url: server.url)
            #expect(try again.appliedMigrations() == applied)
            #expect(try again.call(id: "m")?.1 == Self.record)
        }
    }
}
