import CallRecords
import Emotion
import Foundation
import GRDB
import Session
import Testing
import TestSupport

/// The SQLite store alone: a record written at call end reads back equal, calls left in progress
/// are closed as interrupted, migrations run once.
@Suite struct SQLiteCallRecordStoreTests {
    /// A call with every kind of event, emotion reasons included.
    static let record = CallRecord(voice: "claims-24x7", outcome: .transferred, durationSec: 12.34, events: [
        CallEvent(t: 0, .callStarted),
        CallEvent(t: 0, .transition(from: nil, to: "greeting", reason: "call started")),
        CallEvent(t: 0.02, .prompt(PromptPlayed(key: "greeting", style: "neutral", variant: "a", text: "Hello / welcome \"there\"",
                                                language: "en-GB", purpose: "prompt", durationSec: 2.375, delivery: "espeak-ng en-gb 160 wpm"))),
        CallEvent(t: 3.1, .callerTurn(startSec: 2.5, endSec: 3.1, emotion: EmotionEstimate(
            label: .irritated, arousal: 0.62, confidence: 0.71, reasons: ["pitch high (+3.1 st)", "loud: −18 dBFS"]))),
        CallEvent(t: 3.2, .bargeIn(startSec: 3.15)),
        CallEvent(t: 4.0, .dtmf(digit: "7", startSec: 3.9, source: .inBand)),
        CallEvent(t: 4.5, .dtmf(digit: "0", startSec: 4.4, source: .rfc4733)),
        CallEvent(t: 5, .noInput(state: "menu", count: 1)),
        CallEvent(t: 6, .noMatch(state: "menu", count: 2, input: "9")),
        CallEvent(t: 7, .styleChanged(from: "neutral", to: "calm", reason: "2 of 3 turns angry")),
        CallEvent(t: 8, .transfer(target: "agent", reason: "caller pressed 0")),
        CallEvent(t: 12.34, .hangup(outcome: .transferred, reason: "transferred to agent")),
    ])

    static func temporaryStorePath() throws -> String {
        try Paths.temporaryDirectory("records").appendingPathComponent("records.sqlite").path
    }

    @Test func aFinishedCallReadsBackEqualWithEveryEvent() throws {
        let path = try Self.temporaryStorePath()
        let store = try SQLiteCallRecordStore(path: path)
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        try store.callOpened(StoredCall(id: "c1", engine: "e1", voice: "claims-24x7", callerID: "+441234", codec: "PCMU", startedAt: start))
        #expect(try store.call(id: "c1")?.0.state == .inProgress)
        let end = start.addingTimeInterval(12.5)
        try store.callEnded(StoredCall.finished(id: "c1", engine: "e1", callerID: "+441234", codec: "PCMU", endedAt: end, record: Self.record),
                            record: Self.record)
        // A second handle, as `ivr records show` in another process reads it.
        let (call, record) = try #require(try SQLiteCallRecordStore(path: path, create: false).call(id: "c1"))
        #expect(record == Self.record)
        #expect(call.state == .ended && call.outcome == .transferred && call.reason == "transferred to agent")
        #expect(call.startedAt == start && call.endedAt == end && call.callerID == "+441234" && call.codec == "PCMU")
        #expect(record.transcript() == Self.record.transcript())
    }

    /// The `json` column holds each event exactly as replay JSON writes it.
    @Test func eventsAreStoredAsReplayJSON() throws {
        let path = try Self.temporaryStorePath()
        let store = try SQLiteCallRecordStore(path: path)
        try store.callEnded(StoredCall.finished(id: "c2", engine: "e1", callerID: nil, codec: "PCMA", endedAt: Date(), record: Self.record),
                            record: Self.record)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let replayJSON = String(decoding: try encoder.encode(Self.record), as: UTF8.self)
        let rows = try DatabaseQueue(path: path).read { db in
            try Row.fetchAll(db, sql: "SELECT type, json FROM call_events WHERE call_id = 'c2' ORDER BY seq")
        }
        let stored = rows.map { (row: Row) -> String in row["json"] }
        #expect(replayJSON.contains("\"events\":[" + stored.joined(separator: ",") + "]"))
        #expect(rows.map { (row: Row) -> String in row["type"] } == Self.record.events.map(\.type))
        #expect(stored[3].contains(#""reasons":["pitch high (+3.1 st)","loud: −18 dBFS"]"#))
    }

    @Test func callsLeftInProgressAreClosedAsInterruptedAtTheNextStart() throws {
        let path = try Self.temporaryStorePath()
        let store = try SQLiteCallRecordStore(path: path)
        let start = Date()
        for id in ["a", "b", "c"] {
            try store.callOpened(StoredCall(id: id, engine: "e1", voice: "claims-24x7", callerID: nil, codec: "PCMU", startedAt: start))
        }
        try store.callEnded(StoredCall.finished(id: "b", engine: "e1", callerID: nil, codec: "PCMU", endedAt: Date(), record: Self.record),
                            record: Self.record)
        let reopened = try SQLiteCallRecordStore(path: path)
        #expect(try reopened.closeInterruptedCalls(engine: "e1", reason: SQLiteCallRecordStore.engineStoppedReason, at: Date()) == 2)
        let interrupted = try reopened.calls(since: nil, outcome: .interrupted)
        #expect(interrupted.map(\.id) == ["a", "c"])
        #expect(interrupted.allSatisfy { $0.state == .ended && $0.reason == "the engine stopped while the call was in progress" })
        #expect(try reopened.calls(since: nil, outcome: .transferred).map(\.id) == ["b"])
        #expect(try reopened.call(id: "b")?.1 == Self.record)
        #expect(try reopened.closeInterruptedCalls(engine: "e1", reason: "again", at: Date()) == 0)
    }

    /// Engines sharing a store: one restarting closes only its own calls, never another's live ones.
    @Test func anEngineRestartingClosesOnlyItsOwnCalls() throws {
        let store = try SQLiteCallRecordStore(path: try Self.temporaryStorePath())
        for (id, engine) in [("a1", "engine-a"), ("b1", "engine-b"), ("a2", "engine-a")] {
            try store.callOpened(StoredCall(id: id, engine: engine, voice: "claims-24x7", callerID: nil, codec: "PCMU", startedAt: Date()))
        }
        #expect(try store.closeInterruptedCalls(engine: "engine-a", reason: SQLiteCallRecordStore.engineStoppedReason, at: Date()) == 2)
        #expect(try store.calls(since: nil, outcome: .interrupted).map(\.id).sorted() == ["a1", "a2"])
        let b = try #require(try store.call(id: "b1")?.0)
        #expect(b.state == .inProgress && b.engine == "engine-b")
    }

    /// A store written before engines had ids (v1) opens, gains the column, and keeps its rows.
    @Test func aVersionOneStoreIsMigratedWithItsRows() throws {
        let path = try Self.temporaryStorePath()
        let v1 = try DatabaseQueue(path: path)
        try v1.write { db in
            try db.execute(sql: """
                CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY);
                INSERT INTO grdb_migrations VALUES ('v1: calls and call_events');
                CREATE TABLE calls (id TEXT PRIMARY KEY, voice TEXT NOT NULL, caller_id TEXT, codec TEXT NOT NULL,
                    started_at DATETIME NOT NULL, ended_at DATETIME, outcome TEXT, reason TEXT, duration_sec DOUBLE,
                    state TEXT NOT NULL CHECK (state IN ('in_progress', 'ended')));
                CREATE TABLE call_events (call_id TEXT NOT NULL REFERENCES calls(id) ON DELETE CASCADE, seq INTEGER NOT NULL,
                    t DOUBLE NOT NULL, type TEXT NOT NULL, json TEXT NOT NULL, PRIMARY KEY (call_id, seq));
                INSERT INTO calls (id, voice, codec, started_at, state) VALUES ('old', 'claims-24x7', 'PCMU', '2026-12-01 10:00:00.000', 'in_progress');
                """)
        }
        try v1.close()
        let store = try SQLiteCallRecordStore(path: path)
        #expect(try store.appliedMigrations() == ["v1: calls and call_events", "v2: the engine of each call"])
        let old = try #require(try store.call(id: "old")?.0)
        #expect(old.engine == "" && old.state == .inProgress)
    }

    @Test func reopeningAppliesNoMigrationTwiceAndKeepsTheData() throws {
        let path = try Self.temporaryStorePath()
        let first = try SQLiteCallRecordStore(path: path)
        try first.callEnded(StoredCall.finished(id: "k", engine: "e1", callerID: nil, codec: "PCMU", endedAt: Date(), record: Self.record),
                            record: Self.record)
        let applied = try first.appliedMigrations()
        #expect(applied == ["v1: calls and call_events", "v2: the engine of each call"])
        for _ in 0..<3 {
            let again = try SQLiteCallRecordStore(path: path)
            #expect(try again.appliedMigrations() == applied)
            #expect(try again.call(id: "k")?.1 == Self.record)
        }
        let mode = try DatabaseQueue(path: path).read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
        #expect(mode == "wal")
    }

    @Test func listFiltersBySinceAndOutcome() throws {
        let store = try SQLiteCallRecordStore(path: try Self.temporaryStorePath())
        let t0 = Date(timeIntervalSince1970: 1_800_000_000)
        for (i, outcome) in [CallOutcome.completed, .transferred, .completed].enumerated() {
            var record = Self.record
            record.outcome = outcome
            var call = StoredCall.finished(id: "l\(i)", engine: "e1", callerID: nil, codec: "PCMU", endedAt: t0.addingTimeInterval(Double(i) * 60),
                                           record: record)
            call.startedAt = t0.addingTimeInterval(Double(i) * 60)
            try store.callEnded(call, record: record)
        }
        #expect(try store.calls(since: nil, outcome: nil).map(\.id) == ["l0", "l1", "l2"])
        #expect(try store.calls(since: t0.addingTimeInterval(30), outcome: nil).map(\.id) == ["l1", "l2"])
        #expect(try store.calls(since: nil, outcome: .completed).map(\.id) == ["l0", "l2"])
        #expect(try store.call(id: "nope") == nil)
    }

    @Test func urlsNameTheStore() throws {
        #expect(try CallRecordsURL("records.sqlite") == .sqlite(path: "records.sqlite"))
        #expect(try CallRecordsURL("sqlite:/tmp/r.db") == .sqlite(path: "/tmp/r.db"))
        #expect(try CallRecordsURL("sqlite:///tmp/r.db") == .sqlite(path: "/tmp/r.db"))
        #expect(throws: CallRecordsError.unsupportedURL("mysql://x")) { try CallRecordsURL("mysql://x") }
        #expect(throws: CallRecordsError.noStore(location: "/nonexistent/r.sqlite")) {
            try SQLiteCallRecordStore(path: "/nonexistent/r.sqlite", create: false)
        }
    }
}
