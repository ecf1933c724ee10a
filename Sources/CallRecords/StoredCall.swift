import Foundation
import Session

/// One row of `calls`: who called, how, when, and how it ended (nil fields while in progress).
public struct StoredCall: Sendable, Equatable {
    public enum State: String, Sendable, Equatable, Codable {
        case inProgress = "in_progress"
        case ended
    }

    public var id: String
    /// The engine that took the call (`ivr serve --engine-id`); where engines share a store, each
    /// closes only its own calls left in progress. Empty on rows from before engines had ids.
    public var engine: String
    public var voice: String
    public var callerID: String?
    public var codec: String
    public var startedAt: Date
    public var endedAt: Date?
    public var outcome: CallOutcome?
    public var reason: String?
    public var durationSec: Double?
    public var state: State

    public init(id: String, engine: String, voice: String, callerID: String?, codec: String, startedAt: Date, endedAt: Date? = nil,
                outcome: CallOutcome? = nil, reason: String? = nil, durationSec: Double? = nil, state: State = .inProgress) {
        self.id = id
        self.engine = engine
        self.voice = voice
        self.callerID = callerID
        self.codec = codec
        self.startedAt = startedAt
        self.endedAt = endedAt
        self.outcome = outcome
        self.reason = reason
        self.durationSec = durationSec
        self.state = state
    }

    /// The row of a finished call: outcome, duration and the reason its last event gives.
    public static func finished(id: String, engine: String, callerID: String?, codec: String, endedAt: Date,
                                record: CallRecord) -> StoredCall {
        StoredCall(id: id, engine: engine, voice: record.voice, callerID: callerID, codec: codec,
                   startedAt: endedAt.addingTimeInterval(-record.durationSec), endedAt: endedAt, outcome: record.outcome,
                   reason: record.endReason, durationSec: record.durationSec, state: .ended)
    }
}

extension CallRecord {
    /// Why the call ended: the reason of its hang-up, else of its transfer.
    public var endReason: String? {
        for event in events.reversed() {
            switch event.kind {
            case .hangup(_, let reason), .transfer(_, let reason): return reason
            default: continue
            }
        }
        return nil
    }
}
