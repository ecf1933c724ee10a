/// Which store a records URL names: `sqlite:PATH`, `sqlite://PATH` or a plain path; or
/// `postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE` (also `postgresql://`).
public enum CallRecordsURL: Sendable, Equatable {
    case sqlite(path: String)
    case postgres(url: String)

    public init(_ text: String) throws(CallRecordsError) {
        let lower = text.lowercased()
        if lower.hasPrefix("postgres://") || lower.hasPrefix("postgresql://") {
            self = .postgres(url: text)
            return
        }
        if lower.hasPrefix("sqlite://") {
            self = .sqlite(path: String(text.dropFirst("sqlite://".count)))
        } else if lower.hasPrefix("sqlite:") {
            self = .sqlite(path: String(text.dropFirst("sqlite:".count)))
        } else if text.contains("://") || text.isEmpty {
            throw .unsupportedURL(text)
        } else {
            self = .sqlite(path: text)
        }
        if case .sqlite(let path) = self, path.isEmpty { throw .unsupportedURL(text) }
    }

    /// Opens (and migrates) the store; creates a SQLite file when `create` (a PostgreSQL database
    /// must exist; its tables are created).
    public func open(create: Bool = true) throws(CallRecordsError) -> any CallRecordStore {
        switch self {
        case .sqlite(let path): return try SQLiteCallRecordStore(path: path, create: create)
        case .postgres(let url): return try PostgresCallRecordStore(url: url)
        }
    }
}
