import Foundation
import GRDB
import Session

/// The embedded store: one SQLite file in WAL mode (readers never block the writer, a commit is
/// durable once `callEnded` returns), through GRDB.
public final class SQLiteCallRecordStore: CallRecordStore {
    public let location: String
    private let pool: DatabasePool

    /// Opens the file at `path` (creating it when `create`) and applies pending migrations.
    public init(path: String, create: Bool = true) throws(CallRecordsError) {
        location = path
        guard create || FileManager.default.fileExists(atPath: path) else { throw .noStore(location: path) }
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)  // another process (ivr records) may hold a lock briefly
        configuration.foreignKeysEnabled = true
        do {
            pool = try DatabasePool(path: path, configuration: configuration)  // DatabasePool uses WAL
            try Self.migrator.migrate(pool)
        } catch {
            throw .cannotOpen(location: path, reason: "\(error)")
        }
    }

    /// The migrations applied so far, oldest first.
    public func appliedMigrations() throws(CallRecordsError) -> [String] {
        try read { db in try Self.migrator.appliedIdentifiers(db).sorted() }
    }

    public func callOpened(_ call: StoredCall) throws(CallRecordsError) {
        try write(call.id) { db in
            try db.execute(sql: """
                INSERT INTO calls (id, engine, voice, caller_id, codec, started_at, state) VALUES (?, ?, ?, ?, ?, ?, 'in_progress')
                ON CONFLICT(id) DO NOTHING
                """, arguments: [call.id, call.engine, call.voice, call.callerID, call.codec, call.startedAt])
        }
    }

    public func callEnded(_ call: StoredCall, record: CallRecord) throws(CallRecordsError) {
        let rows: [(Int, CallEvent, String)]
        do {
            rows = try record.events.enumerated().map { ($0.offset, $0.element, try CallEventJSON.encode($0.element)) }
        } catch {
            throw .writeFailed(location: location, callID: call.id, reason: "an event does not encode: \(error)")
        }
        try write(call.id) { db in
            try db.execute(sql: """
                INSERT INTO calls (id, engine, voice, caller_id, codec, started_at, ended_at, outcome, reason, duration_sec, state)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'ended')
                ON CONFLICT(id) DO UPDATE SET engine = excluded.engine, voice = excluded.voice, caller_id = excluded.caller_id, codec = excluded.codec,
                    ended_at = excluded.ended_at, outcome = excluded.outcome, reason = excluded.reason,
                    duration_sec = excluded.duration_sec, state = 'ended'
                """, arguments: [call.id, call.engine, record.voice, call.callerID, call.codec, call.startedAt, call.endedAt ?? Date(),
                                 record.outcome.rawValue, call.reason ?? record.endReason, record.durationSec])
            try db.execute(sql: "DELETE FROM call_events WHERE call_id = ?", arguments: [call.id])
            let insert = try db.cachedStatement(sql: "INSERT INTO call_events (call_id, seq, t, type, json) VALUES (?, ?, ?, ?, ?)")
            for (seq, event, json) in rows {
                try insert.execute(arguments: [call.id, seq, event.t, event.type, json])
            }
        }
    }

    @discardableResult
    public func closeInterruptedCalls(engine: String, reason: String, at date: Date) throws(CallRecordsError) -> Int {
        var closed = 0
        try write("(in progress)") { db in
            try db.execute(sql: """
                UPDATE calls SET state = 'ended', outcome = ?, reason = ?, ended_at = ? WHERE state = 'in_progress' AND engine = ?
                """, arguments: [CallOutcome.interrupted.rawValue, reason, date, engine])
            closed = db.changesCount
        }
        return closed
    }

    public func calls(since: Date?, outcome: CallOutcome?) throws(CallRecordsError) -> [StoredCall] {
        try read { db in
            var conditions: [String] = []
            var arguments: StatementArguments = []
            if let since {
                conditions.append("started_at >= ?")
                arguments += [since]
            }
            if let outcome {
                conditions.append("outcome = ?")
                arguments += [outcome.rawValue]
            }
            let filter = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
            return try Row.fetchAll(db, sql: "SELECT * FROM calls\(filter) ORDER BY started_at, id", arguments: arguments)
                .map(Self.call(from:))
        }
    }

    public func call(id: String) throws(CallRecordsError) -> (StoredCall, CallRecord)? {
        let found: (StoredCall, [Row])? = try read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM calls WHERE id = ?", arguments: [id]) else { return nil }
            let events = try Row.fetchAll(db, sql: "SELECT seq, json FROM call_events WHERE call_id = ? ORDER BY seq", arguments: [id])
            return (try Self.call(from: row), events)
        }
        guard let (call, eventRows) = found else { return nil }
        var events: [CallEvent] = []
        for row in eventRows {
            let seq: Int = row["seq"]
            do { events.append(try CallEventJSON.decode(row["json"])) } catch {
                throw .damagedEvent(location: location, callID: id, seq: seq, reason: "\(error)")
            }
        }
        let record = CallRecord(voice: call.voice, outcome: call.outcome ?? .interrupted, durationSec: call.durationSec ?? 0,
                                events: events)
        return (call, record)
    }

    // MARK: - Rows and transactions

    private static func call(from row: Row) throws -> StoredCall {
        let stateText: String = row["state"]
        let outcomeText: String? = row["outcome"]
        guard let state = StoredCall.State(rawValue: stateText) else { throw RowError(message: "state \"\(stateText)\"") }
        var outcome: CallOutcome?
        if let outcomeText {
            guard let o = CallOutcome(rawValue: outcomeText) else { throw RowError(message: "outcome \"\(outcomeText)\"") }
            outcome = o
        }
        return StoredCall(id: row["id"], engine: row["engine"], voice: row["voice"], callerID: row["caller_id"], codec: row["codec"],
                          startedAt: row["started_at"], endedAt: row["ended_at"], outcome: outcome, reason: row["reason"],
                          durationSec: row["duration_sec"], state: state)
    }

    private struct RowError: Error, CustomStringConvertible {
        let message: String
        var description: String { "unknown \(message) in calls" }
    }

    private func write(_ callID: String, _ body: (Database) throws -> Void) throws(CallRecordsError) {
        do { try pool.write(body) } catch {
            throw .writeFailed(location: location, callID: callID, reason: "\(error)")
        }
    }

    private func read<T>(_ body: (Database) throws -> T) throws(CallRecordsError) -> T {
        do { return try pool.read(body) } catch {
            throw .readFailed(location: location, reason: "\(error)")
        }
    }
}
