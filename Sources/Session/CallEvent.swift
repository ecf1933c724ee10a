import Emotion

/// One entry of the call record: what happened, when, and why. Encoded flat (absent fields are
/// omitted), so the JSON reads like a log: `{"t": 3.2, "type": "prompt", "key": "menu", …}`.
public struct CallEvent: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable {
        case callStarted, prompt, callerTurn, dtmf, transition, bargeIn, noInput, noMatch
        case styleChanged, transfer, hangup
    }

    /// Seconds from call start.
    public var t: Double
    public var type: Kind
    // prompt
    public var key: String?
    public var style: String?
    public var variant: String?
    public var text: String?
    public var language: String?
    public var purpose: String?
    public var durationSec: Double?
    /// The synthesis settings used (espeak-ng voice, rate, pitch, range, volume), as words.
    public var delivery: String?
    // callerTurn
    public var startSec: Double?
    public var endSec: Double?
    public var emotion: EmotionEstimate?
    // dtmf
    public var digit: String?
    // transition, styleChanged
    public var from: String?
    public var to: String?
    public var reason: String?
    // noInput, noMatch
    public var state: String?
    public var count: Int?
    public var input: String?
    // transfer
    public var target: String?
    // hangup
    public var outcome: String?

    public init(t: Double, type: Kind) {
        self.t = t
        self.type = type
    }
}

/// The record of one call.
public struct CallRecord: Sendable, Equatable, Codable {
    public var voice: String
    /// completed | transferred | callerHungUp | failed
    public var outcome: String
    public var durationSec: Double
    public var events: [CallEvent]
}
