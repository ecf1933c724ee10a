/// What went wrong with the call records store: which store (path or URL), which call, and why.
public enum CallRecordsError: Error, CustomStringConvertible, Equatable {
    /// The records URL names no store this engine can use.
    case unsupportedURL(String)
    /// The store could not be opened or migrated.
    case cannotOpen(location: String, reason: String)
    /// `ivr records` was pointed at a file that does not exist.
    case noStore(location: String)
    case writeFailed(location: String, callID: String, reason: String)
    case readFailed(location: String, reason: String)
    /// A stored event's JSON no longer decodes as a call event.
    case damagedEvent(location: String, callID: String, seq: Int, reason: String)

    public var description: String {
        switch self {
        case .unsupportedURL(let url):
            return "records \"\(url)\": give a SQLite file (sqlite:PATH or a plain path, e.g. records.sqlite) or postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE"
        case .cannotOpen(let location, let reason):
            return "\(location): cannot open the call records store: \(reason)"
        case .noStore(let location):
            return "\(location): no call records there (ivr serve --records PATH writes them)"
        case .writeFailed(let location, let callID, let reason):
            return "\(location): cannot write the record of call \(callID): \(reason)"
        case .readFailed(let location, let reason):
            return "\(location): cannot read call records: \(reason)"
        case .damagedEvent(let location, let callID, let seq, let reason):
            return "\(location): call \(callID), event \(seq) does not decode: \(reason)"
        }
    }
}
