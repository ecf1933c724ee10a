import Emotion

/// One entry of the call record: what happened, when (`t`, seconds from call start), and why.
///
/// A closed enum of payloads, so every consumer (transcript, JSON, the records store, the live
/// event stream) handles every kind and no kind carries fields that mean nothing for it. Encoded
/// flat (`CallEvent+Codable.swift`), so the JSON reads like a log:
/// `{"t": 3.2, "type": "prompt", "key": "menu", …}`.
public struct CallEvent: Sendable, Equatable {
    public var t: Double
    public var kind: Kind

    public init(t: Double, _ kind: Kind) {
        self.t = t
        self.kind = kind
    }

    public enum Kind: Sendable, Equatable {
        case callStarted
        /// The engine queued a line.
        case prompt(PromptPlayed)
        /// The caller finished a spoken turn: when, and how they sounded.
        case callerTurn(startSec: Double, endSec: Double, emotion: EmotionEstimate)
        /// A key: in-band (heard in the audio, `startSec` = tone start) or out-of-band (RFC 4733).
        case dtmf(digit: Character, startSec: Double, source: DigitSource)
        /// Caller speech (from `startSec`) stopped a prompt.
        case bargeIn(startSec: Double)
        /// The flow moved; `from` is nil for the first state.
        case transition(from: String?, to: String, reason: String)
        case noInput(state: String, count: Int)
        case noMatch(state: String, count: Int, input: String)
        /// The answer style changed, with the votes behind it.
        case styleChanged(from: String, to: String, reason: String)
        case transfer(target: String, reason: String)
        /// The call is over.
        case hangup(outcome: CallOutcome, reason: String)
    }

    /// The kind's name as written in the record (`type` in JSON).
    public var type: String {
        switch kind {
        case .callStarted: return "callStarted"
        case .prompt: return "prompt"
        case .callerTurn: return "callerTurn"
        case .dtmf: return "dtmf"
        case .bargeIn: return "bargeIn"
        case .transition: return "transition"
        case .noInput: return "noInput"
        case .noMatch: return "noMatch"
        case .styleChanged: return "styleChanged"
        case .transfer: return "transfer"
        case .hangup: return "hangup"
        }
    }
}

/// A line the engine said: which, in what style and wording, and how it was delivered.
public struct PromptPlayed: Sendable, Equatable {
    public var key: String
    /// The smoothed caller emotion it is delivered in.
    public var style: String
    /// The wording used.
    public var variant: String
    public var text: String
    public var language: String
    /// prompt, disclosure, noInputReprompt, noMatchReprompt, fact, joke
    public var purpose: String
    public var durationSec: Double
    /// The synthesis settings used (espeak-ng voice, rate, pitch, range, volume), or the recording.
    public var delivery: String

    public init(key: String, style: String, variant: String, text: String, language: String, purpose: String,
                durationSec: Double, delivery: String) {
        self.key = key
        self.style = style
        self.variant = variant
        self.text = text
        self.language = language
        self.purpose = purpose
        self.durationSec = durationSec
        self.delivery = delivery
    }
}

/// Where a key press came from.
public enum DigitSource: String, Sendable, Equatable, Codable {
    /// Tones in the caller's audio (spandsp detector).
    case inBand
    /// RFC 4733 telephone-events beside the audio.
    case rfc4733
}

/// How a call ended.
public enum CallOutcome: String, Sendable, Equatable, Codable, CaseIterable {
    case completed, transferred, callerHungUp, failed
    /// The engine stopped (shutdown, crash) while the call was in progress.
    case interrupted
}
