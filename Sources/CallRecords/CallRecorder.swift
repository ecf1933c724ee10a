import Dispatch
import Foundation
import LiveCall
import Logging
import Session

/// Keeps an engine's calls in a store: the row when a call opens, the whole record when it ends.
/// The engine announces on a call's event loop; the writes run on one serial queue, in order,
/// so media never waits for the disk.
public final class CallRecorder: Sendable {
    public let store: any CallRecordStore
    /// This engine's id in the store.
    public let engine: String
    private let queue = DispatchQueue(label: "ivr.call-records")
    private let logger: Logger

    public init(store: any CallRecordStore, engine: String, logger: Logger) {
        self.store = store
        self.engine = engine
        self.logger = logger
    }

    /// Closes the calls this engine's previous run left in progress (as `interrupted`), then
    /// records `callEngine`'s.
    public func start(recording callEngine: CallEngine) throws(CallRecordsError) {
        let closed = try store.closeInterruptedCalls(engine: engine, reason: SQLiteCallRecordStore.engineStoppedReason, at: Date())
        if closed > 0 {
            logger.warning("calls left in progress by the last run closed as interrupted",
                           metadata: ["records.closed": "\(closed)", "records.location": "\(store.location)",
                                      "records.engine": "\(engine)"])
        }
        callEngine.subscribe(lifecycle: { [self] change in
            let now = Date()
            queue.async { self.write(change, at: now) }
        })
    }

    /// Waits until every write queued so far is done (before the process exits).
    public func flush() {
        queue.sync {}
    }

    private func write(_ change: CallLifecycle, at now: Date) {
        do {
            switch change {
            case .opened(let info):
                try store.callOpened(StoredCall(id: info.id, engine: engine, voice: info.voice, callerID: info.callerID, codec: info.codec,
                                                startedAt: now))
            case .ended(let info, let record):
                try store.callEnded(StoredCall.finished(id: info.id, engine: engine, callerID: info.callerID, codec: info.codec, endedAt: now,
                                                        record: record), record: record)
            }
        } catch {
            logger.error("call record not written", metadata: ["records.error": "\(error)"])
        }
    }
}
