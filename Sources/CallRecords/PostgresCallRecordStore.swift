import Foundation
import Logging
import NIOCore
import NIOPosix
import PostgresNIO
import Session

/// The shared store: the same tables on a PostgreSQL server (`postgres://USER[:PASSWORD]@HOST[:PORT]/DB`),
/// through postgres-nio. One connection on an event loop of its own (never a media loop); callers
/// block on its futures, so call it off the event loops (the recorder's queue does).
public final class PostgresCallRecordStore: CallRecordStore, @unchecked Sendable {  // the connection is behind `lock`
    public let location: String
    private let configuration: PostgresConnection.Configuration
    private let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    private let lock = NSLock()
    private var connection: PostgresConnection?
    private let logger: Logger

    public init(url: String, logger: Logger = Logger(label: "ivr.call-records.postgres")) throws(CallRecordsError) {
        guard let parts = URLComponents(string: url), let host = parts.host, !host.isEmpty,
              let user = parts.user, !user.isEmpty else {
            throw .unsupportedURL(url)
        }
        let database = String(parts.path.drop(while: { $0 == "/" }))
        location = "postgres://\(user)@\(host):\(parts.port ?? 5432)/\(database)"  // no password in messages
        configuration = .init(host: host, port: parts.port ?? 5432, username: user, password: parts.password,
                              database: database.isEmpty ? nil : database, tls: .disable)
        self.logger = logger
        do {
            try withConnection { c in try Self.migrate(c, logger: logger) }
        } catch {
            throw .cannotOpen(location: location, reason: "\(String(reflecting: error))")
        }
    }

    deinit {
        _ = try? connection?.close().wait()
        try? group.syncShutdownGracefully()
    }

    /// The migrations applied so far, oldest first.
    public func appliedMigrations() throws(CallRecordsError) -> [String] {
        try read { c, logger in
            try c.query("SELECT identifier FROM schema_migrations ORDER BY identifier", logger: logger).wait().map { try $0.decode(String.self) }
        }
    }

    public func callOpened(_ call: StoredCall) throws(CallRecordsError) {
        try write(call.id) { c, logger in
            try c.query("""
                INSERT INTO calls (id, engine, voice, caller_id, codec, started_at, state)
                VALUES (\(call.id), \(call.engine), \(call.voice), \(call.callerID), \(call.codec), \(call.startedAt), 'in_progress')
                ON CONFLICT (id) DO NOTHING
                """, logger: logger).wait()
        }
    }

    public func callEnded(_ call: StoredCall, record: CallRecord) throws(CallRecordsError) {
        let rows: [(Int, CallEvent, String)]
        do {
            rows = try record.events.enumerated().map { ($0.offset, $0.element, try CallEventJSON.encode($0.element)) }
        } catch {
            throw .writeFailed(location: location, callID: call.id, reason: "an event does not encode: \(error)")
        }
        let endedAt = call.endedAt ?? Date()
        let reason = call.reason ?? record.endReason
        try write(call.id) { c, logger in
            try Self.transaction(c, logger: logger) {
                try c.query("""
                    INSERT INTO calls (id, engine, voice, caller_id, codec, started_at, ended_at, outcome, reason, duration_sec, state)
                    VALUES (\(call.id), \(call.engine), \(record.voice), \(call.callerID), \(call.codec), \(call.startedAt), \(endedAt),
                            \(record.outcome.rawValue), \(reason), \(record.durationSec), 'ended')
                    ON CONFLICT (id) DO UPDATE SET engine = excluded.engine, voice = excluded.voice, caller_id = excluded.caller_id, codec = excluded.codec,
                        ended_at = excluded.ended_at, outcome = excluded.outcome, reason = excluded.reason,
                        duration_sec = excluded.duration_sec, state = 'ended'
                    """, logger: logger).wait()
                try c.query("DELETE FROM call_events WHERE call_id = \(call.id)", logger: logger).wait()
                for (seq, event, json) in rows {
                    try c.query("""
                        INSERT INTO call_events (call_id, seq, t, type, json) VALUES (\(call.id), \(seq), \(event.t), \(event.type), \(json))
                        """, logger: logger).wait()
                }
            }
        }
    }

    @discardableResult
    public func closeInterruptedCalls(engine: String, reason: String, at date: Date) throws(CallRecordsError) -> Int {
        var closed = 0
        try write("(in progress)") { c, logger in
            let result = try c.query("""
                UPDATE calls SET state = 'ended', outcome = \(CallOutcome.interrupted.rawValue), reason = \(reason), ended_at = \(date)
                WHERE state = 'in_progress' AND engine = \(engine)
                """, logger: logger).wait()
            closed = result.metadata.rows ?? 0
        }
        return closed
    }

    public func calls(since: Date?, outcome: CallOutcome?) throws(CallRecordsError) -> [StoredCall] {
        try read { c, logger in
            let since = since ?? Date.distantPast
            let rows: PostgresQueryResult
            if let outcome {
                rows = try c.query("SELECT \(unescaped: Self.columns) FROM calls WHERE started_at >= \(since) AND outcome = \(outcome.rawValue) ORDER BY started_at, id",
                                   logger: logger).wait()
            } else {
                rows = try c.query("SELECT \(unescaped: Self.columns) FROM calls WHERE started_at >= \(since) ORDER BY started_at, id",
                                   logger: logger).wait()
            }
            return try rows.map(Self.call(from:))
        }
    }

    public func call(id: String) throws(CallRecordsError) -> (StoredCall, CallRecord)? {
        let found: (StoredCall, [(Int, String)])? = try read { c, logger in
            guard let row = try c.query("SELECT \(unescaped: Self.columns) FROM calls WHERE id = \(id)", logger: logger).wait().first else {
                return nil
            }
            let events = try c.query("SELECT seq, json FROM call_events WHERE call_id = \(id) ORDER BY seq", logger: logger).wait()
                .map { try $0.decode((Int, String).self) }
            return (try Self.call(from: row), events)
        }
        guard let (call, eventRows) = found else { return nil }
        var events: [CallEvent] = []
        for (seq, json) in eventRows {
            do { events.append(try CallEventJSON.decode(json)) } catch {
                throw .damagedEvent(location: location, callID: id, seq: seq, reason: "\(error)")
            }
        }
        return (call, CallRecord(voice: call.voice, outcome: call.outcome ?? .interrupted, durationSec: call.durationSec ?? 0, events: events))
    }

    // MARK: - Rows, transactions, the connection

    private static let columns = "id, engine, voice, caller_id, codec, started_at, ended_at, outcome, reason, duration_sec, state"

    private static func call(from row: PostgresRow) throws -> StoredCall {
        let (id, engine, voice, callerID, codec, startedAt, endedAt, outcome, reason, duration, state) =
            try row.decode((String, String, String, String?, String, Date, Date?, String?, String?, Double?, String).self)
        guard let s = StoredCall.State(rawValue: state) else { throw RowError(message: "state \"\(state)\"") }
        var o: CallOutcome?
        if let outcome {
            guard let known = CallOutcome(rawValue: outcome) else { throw RowError(message: "outcome \"\(outcome)\"") }
            o = known
        }
        return StoredCall(id: id, engine: engine, voice: voice, callerID: callerID, codec: codec, startedAt: startedAt, endedAt: endedAt,
                          outcome: o, reason: reason, durationSec: duration, state: s)
    }

    private struct RowError: Error, CustomStringConvertible {
        let message: String
        var description: String { "unknown \(message) in calls" }
    }

    static func transaction(_ c: PostgresConnection, logger: Logger, _ body: () throws -> Void) throws {
        try c.query("BEGIN", logger: logger).wait()
        do {
            try body()
            try c.query("COMMIT", logger: logger).wait()
        } catch {
            _ = try? c.query("ROLLBACK", logger: logger).wait()
            throw error
        }
    }

    /// Runs `body` on the one connection (opened again when the server closed it), one caller at a time.
    private func withConnection<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
        lock.lock()
        defer { lock.unlock() }
        if let open = connection, !open.isClosed { return try body(open) }
        let open = try PostgresConnection.connect(on: group.next(), configuration: configuration, id: 1, logger: logger).wait()
        connection = open
        return try body(open)
    }

    private func write(_ callID: String, _ body: (PostgresConnection, Logger) throws -> Void) throws(CallRecordsError) {
        do { try withConnection { try body($0, logger) } } catch {
            throw .writeFailed(location: location, callID: callID, reason: "\(String(reflecting: error))")
        }
    }

    private func read<T>(_ body: (PostgresConnection, Logger) throws -> T) throws(CallRecordsError) -> T {
        do { return try withConnection { try body($0, logger) } } catch {
            throw .readFailed(location: location, reason: "\(String(reflecting: error))")
        }
    }
}
