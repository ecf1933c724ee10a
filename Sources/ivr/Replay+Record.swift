import CallRecords
import Foundation
import Session

extension Replay {
    /// `--record DB`: the replayed call into the records store, as one finished call.
    static func save(_ record: CallRecord, source: String, to records: String) throws {
        do {
            let store = try CallRecordsURL(records).open()
            let id = UUID().uuidString.lowercased()
            try store.callEnded(StoredCall.finished(id: id, engine: "replay", callerID: "replay:\(source)", codec: "replay", endedAt: Date(),
                                                    record: record), record: record)
            FileHandle.standardError.write(Data("replay recorded as call \(id) in \(store.location)\n".utf8))
        } catch let error as CallRecordsError {
            throw CLIError(error.description)
        }
    }
}
