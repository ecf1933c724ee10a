import Logging
import PostgresNIO

extension PostgresCallRecordStore {
    /// The same versions as the SQLite store's migrator, by the same identifiers, recorded in
    /// `schema_migrations`; the table lock makes engines starting together apply each once.
    static let migrations: [(String, [String])] = [
        ("v1: calls and call_events", [
            """
            CREATE TABLE calls (id TEXT PRIMARY KEY, voice TEXT NOT NULL, caller_id TEXT, codec TEXT NOT NULL,
                started_at TIMESTAMPTZ NOT NULL, ended_at TIMESTAMPTZ, outcome TEXT, reason TEXT, duration_sec DOUBLE PRECISION,
                state TEXT NOT NULL CHECK (state IN ('in_progress', 'ended')))
            """,
            "CREATE INDEX calls_started_at ON calls (started_at)",
            "CREATE INDEX calls_outcome ON calls (outcome)",
            """
            CREATE TABLE call_events (call_id TEXT NOT NULL REFERENCES calls (id) ON DELETE CASCADE, seq INTEGER NOT NULL,
                t DOUBLE PRECISION NOT NULL, type TEXT NOT NULL, json TEXT NOT NULL, PRIMARY KEY (call_id, seq))
            """,
        ]),
        ("v2: the engine of each call", [
            "ALTER TABLE calls ADD COLUMN engine TEXT NOT NULL DEFAULT ''",
            "CREATE INDEX calls_engine_state ON calls (engine, state)",
        ]),
    ]

    static func migrate(_ c: PostgresConnection, logger: Logger) throws {
        try c.query("CREATE TABLE IF NOT EXISTS schema_migrations (identifier TEXT PRIMARY KEY)", logger: logger).wait()
        try transaction(c, logger: logger) {
            try c.query("LOCK TABLE schema_migrations IN EXCLUSIVE MODE", logger: logger).wait()
            let applied = Set(try c.query("SELECT identifier FROM schema_migrations", logger: logger).wait()
                .map { try $0.decode(String.self) })
            for (identifier, statements) in migrations where !applied.contains(identifier) {
                for sql in statements { try c.query(PostgresQuery(unsafeSQL: sql), logger: logger).wait() }
                try c.query("INSERT INTO schema_migrations (identifier) VALUES (\(identifier))", logger: logger).wait()
            }
        }
    }
}
