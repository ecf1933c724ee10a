/// What the dialogue asks the call session to do, in order.
public enum DialogueAction: Sendable, Hashable {
    /// Queue a line for playback (after anything already queued).
    case say(Utterance)
    /// Stop the line playing and drop everything queued (barge-in).
    case stopPrompt
    /// Start (or restart) a timer; report it with `.timerFired` unless cancelled.
    case startTimer(DialogueTimer, afterSec: Double)
    case cancelTimer(DialogueTimer)
    /// Hand the call to a human; the dialogue is over.
    case transfer(target: String, reason: String)
    /// End the call; the dialogue is over.
    case hangUp(outcome: DialogueOutcome, reason: String)
    /// A record: the flow moved from one state to another, and why.
    case transition(StateTransition)
    /// A record: the caller did not answer in time (`count`-th time in this state).
    case noInput(state: StateID, count: Int)
    /// A record: the caller's input matched nothing (`input` is the digits, or "speech").
    case noMatch(state: StateID, count: Int, input: String)
    /// A record: the answer style changed, with the smoothed scores behind it.
    case styleChanged(StyleChange)
}

/// A line to say, fully decided: wording, language, and delivery.
public struct Utterance: Sendable, Hashable {
    public var key: PromptKey
    public var purpose: UtterancePurpose
    /// The style (the smoothed caller emotion) this line is delivered in.
    public var style: CallerEmotion
    /// The wording used; differs from `requestedVariant` when the line has no such variant.
    public var variant: PromptVariant
    public var requestedVariant: PromptVariant
    /// The text with placeholders filled in.
    public var text: String
    public var language: String
    /// A recording to play instead of synthesizing `text`.
    public var audioPath: String?
    /// The voice and its parameters for this style and language.
    public var synthesis: SynthesisSettings

    public init(key: PromptKey, purpose: UtterancePurpose, style: CallerEmotion, variant: PromptVariant,
                requestedVariant: PromptVariant, text: String, language: String, audioPath: String?,
                synthesis: SynthesisSettings) {
        self.key = key
        self.purpose = purpose
        self.style = style
        self.variant = variant
        self.requestedVariant = requestedVariant
        self.text = text
        self.language = language
        self.audioPath = audioPath
        self.synthesis = synthesis
    }
}

/// Why a line is said.
public enum UtterancePurpose: String, Sendable, Hashable, Codable {
    /// A state's own line.
    case prompt
    /// The automation disclosure after the first line of the call.
    case disclosure
    /// Said before the state's line again after a no-input timeout.
    case noInputReprompt
    /// Said before the state's line again after a no-match.
    case noMatchReprompt
    /// A style's extra: a fact.
    case fact
    /// A style's extra: a joke.
    case joke
}

/// A move between states, with its reason.
public struct StateTransition: Sendable, Hashable, CustomStringConvertible {
    /// nil for the first state of the call.
    public var from: StateID?
    public var to: StateID
    public var reason: TransitionReason

    public init(from: StateID?, to: StateID, reason: TransitionReason) {
        self.from = from
        self.to = to
        self.reason = reason
    }

    public var description: String { "\(from?.rawValue ?? "—") → \(to): \(reason)" }
}

/// Why the flow moved.
public enum TransitionReason: Sendable, Hashable, CustomStringConvertible {
    case callStarted
    /// The prompt of a state that waits for nothing ended (or the caller talked over it).
    case promptDone
    /// A digit entry matched a `digits` entry.
    case digits(String)
    /// A digit entry was taken by `onInput` (a collected number).
    case input(String)
    /// The human key.
    case humanRequested(key: Character)
    /// A spoken turn in a state that takes speech.
    case callerTurn(CallerEmotion)
    /// An emotion rule: `emotion` in `count` turns in a row.
    case emotion(CallerEmotion, inARow: Int)
    /// The last allowed no-input / no-match.
    case maxNoInput(Int)
    case maxNoMatch(Int)
    /// The caller pressed a key during a state that waits for nothing: skip ahead.
    case typeAhead(Character)

    public var description: String {
        switch self {
        case .callStarted: return "call started"
        case .promptDone: return "prompt done"
        case .digits(let d): return "caller pressed \(d)"
        case .input(let d): return "caller entered \(d)"
        case .humanRequested(let key): return "caller pressed \(key) for a human"
        case .callerTurn(let e): return "caller spoke (\(e))"
        case .emotion(let e, let n): return "caller sounded \(e) \(n) turns in a row"
        case .maxNoInput(let n): return "no input \(Self.times(n))"
        case .maxNoMatch(let n): return "no match \(Self.times(n))"
        case .typeAhead(let key): return "caller pressed \(key) during the prompt"
        }
    }

    private static func times(_ n: Int) -> String { n == 1 ? "once" : "\(n) times" }
}
