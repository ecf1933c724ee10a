import Foundation
import Session

/// Where finished calls are kept: a call's row when it opens, its whole record (every event and
/// the final row) in one transaction when it ends. Implementations are thread-safe.
public protocol CallRecordStore: Sendable {
    /// Where the store is (for messages).
    var location: String { get }
    /// Inserts the row of a call that has just opened (`in_progress`).
    func callOpened(_ call: StoredCall) throws(CallRecordsError)
    /// Writes the final row and every event of `record` in one transaction (replacing any earlier
    /// row or events of the same call; the first `startedAt` is kept).
    func callEnded(_ call: StoredCall, record: CallRecord) throws(CallRecordsError)
    /// Closes `engine`'s calls still `in_progress` (it stopped; other engines' calls go on) as
    /// `interrupted`; how many.
    @discardableResult
    func closeInterruptedCalls(engine: String, reason: String, at: Date) throws(CallRecordsError) -> Int
    /// Calls started at or after `since` with `outcome`, oldest first.
    func calls(since: Date?, outcome: CallOutcome?) throws(CallRecordsError) -> [StoredCall]
    /// A call's row and its record (events in order); nil when there is no such call.
    func call(id: String) throws(CallRecordsError) -> (StoredCall, CallRecord)?
}

extension CallRecordStore {
    /// The reason written on calls found in progress when an engine starts.
    public static var engineStoppedReason: String { "the engine stopped while the call was in progress" }
}
