/// The record of one call: what happened, in order, and how it ended.
public struct CallRecord: Sendable, Equatable, Codable {
    public var voice: String
    public var outcome: CallOutcome
    public var durationSec: Double
    public var events: [CallEvent]

    public init(voice: String, outcome: CallOutcome, durationSec: Double, events: [CallEvent]) {
        self.voice = voice
        self.outcome = outcome
        self.durationSec = durationSec
        self.events = events
    }
}

extension CallRecord {
    /// The states the flow entered, in order.
    public var statesVisited: [String] {
        events.compactMap { if case .transition(_, let to, _) = $0.kind { to } else { nil } }
    }

    /// The lines the engine queued, in order.
    public var prompts: [PromptPlayed] {
        events.compactMap { if case .prompt(let p) = $0.kind { p } else { nil } }
    }

    /// The emotion label of each caller turn, in order.
    public var turnLabels: [String] {
        events.compactMap { if case .callerTurn(_, _, let e) = $0.kind { e.label.rawValue } else { nil } }
    }

    /// The keys the caller pressed, in order.
    public var digits: String {
        String(events.compactMap { if case .dtmf(let d, _, _) = $0.kind { d } else { nil } })
    }
}
