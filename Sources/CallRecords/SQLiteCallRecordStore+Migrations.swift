import GRDB

extension SQLiteCallRecordStore {
    /// The schema, one registered migration per version; GRDB records which ran, so opening a
    /// store again applies only the new ones. Never edit a shipped migration: add the next.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: calls and call_events") { db in
            try db.create(table: "calls") { t in
                t.primaryKey("id", .text)
                t.column("voice", .text).notNull()
                t.column("caller_id", .text)
                t.column("codec", .text).notNull()
                t.column("started_at", .datetime).notNull().indexed()
                t.column("ended_at", .datetime)
                t.column("outcome", .text).indexed()
                t.column("reason", .text)
                t.column("duration_sec", .double)
                t.column("state", .text).notNull().check(sql: "state IN ('in_progress', 'ended')")
            }
            try db.create(table: "call_events") { t in
                t.column("call_id", .text).notNull().references("calls", onDelete: .cascade)
                t.column("seq", .integer).notNull()
                t.column("t", .double).notNull()
                t.column("type", .text).notNull()
                t.column("json", .text).notNull()
                t.primaryKey(["call_id", "seq"])
            }
        }
        migrator.registerMigration("v2: the engine of each call") { db in
            try db.alter(table: "calls") { t in t.add(column: "engine", .text).notNull().defaults(to: "") }
            try db.create(index: "calls_engine_state", on: "calls", columns: ["engine", "state"])
        }
        return migrator
    }
}
