/// Which store a records URL names: `sqlite:PATH`, `sqlite://PATH` or a plain path.
public enum CallRecordsURL: Sendable, Equatable {
    case sqlite(path: String)

    public init(_ text: String) throws(CallRecordsError) {
        let lower = text.lowercased()
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

    /// Opens (and migrates) the store; creates a SQLite file when `create`.
    public func open(create: Bool = true) throws(CallRecordsError) -> any CallRecordStore {
        switch self {
        case .sqlite(let path): return try SQLiteCallRecordStore(path: path, create: create)
        }
    }
}
