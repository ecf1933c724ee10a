/// A brand's dialogue as a declarative state machine (`prompts/<set>/flow.yaml`).
public struct Flow: Sendable, Hashable {
    public var id: String
    /// The state a call starts in (its first line is followed by the disclosure).
    public var start: StateID
    /// In the order written (for stable reports); look up with `state(_:)`.
    public private(set) var states: [FlowState]
    public var settings: FlowSettings
    public var human: HumanEscape
    public var emotion: EmotionPolicy
    private var index: [StateID: Int]

    public init(id: String, start: StateID, states: [FlowState], settings: FlowSettings = FlowSettings(),
                human: HumanEscape, emotion: EmotionPolicy = EmotionPolicy()) {
        self.id = id
        self.start = start
        self.states = states
        self.settings = settings
        self.human = human
        self.emotion = emotion
        var index: [StateID: Int] = [:]
        for (i, state) in states.enumerated() where index[state.id] == nil { index[state.id] = i }
        self.index = index
    }

    public func state(_ id: StateID) -> FlowState? { index[id].map { states[$0] } }

    /// States reachable from `start` (following every transition, the human state and the
    /// failure state), in breadth-first order.
    public func reachableStates() -> [StateID] {
        var seen: Set<StateID> = [start]
        var order: [StateID] = [start]
        var queue = [start]
        var extra: [StateID] = [human.state]
        if let failure = settings.onFailure { extra.append(failure) }
        extra += emotion.rules.map(\.goto)
        for id in extra where seen.insert(id).inserted { order.append(id); queue.append(id) }
        while !queue.isEmpty {
            let id = queue.removeFirst()
            for next in state(id)?.successors ?? [] where seen.insert(next).inserted {
                order.append(next)
                queue.append(next)
            }
        }
        return order
    }
}

/// Flow-wide defaults; each state may override them. Values follow the peers (README
/// "Brand configuration"): no-input 5 s (Twilio `<Gather>`), inter-digit 3 s (between Pipecat's
/// 2 s and Asterisk's 5 s), 3 no-inputs and 3 no-matches (FreeSWITCH `max-timeouts`/`max-failures`).
public struct FlowSettings: Sendable, Hashable {
    /// Silence after a prompt before the caller counts as not answering.
    public var noInputTimeoutSec: Double
    /// Pause between digits that ends an entry.
    public var interDigitTimeoutSec: Double
    /// The n-th no-input in a state leaves it (`onNoInput`); earlier ones reprompt.
    public var maxNoInput: Int
    /// The n-th no-match in a state leaves it (`onNoMatch`); earlier ones reprompt.
    public var maxNoMatch: Int
    /// The reprompt said before the state's prompt after the 1st, 2nd, … failure (the last repeats).
    public var noInputPrompts: [PromptKey]
    public var noMatchPrompts: [PromptKey]
    /// Where a state goes after its last failure when it names no `onNoInput`/`onNoMatch`;
    /// nil: hang up with outcome `failed`.
    public var onFailure: StateID?
    /// Whether caller speech stops a prompt (the session decides what counts as barge-in).
    public var bargeIn: Bool

    public init(noInputTimeoutSec: Double = FlowSettings.defaultNoInputTimeoutSec,
                interDigitTimeoutSec: Double = FlowSettings.defaultInterDigitTimeoutSec,
                maxNoInput: Int = FlowSettings.defaultMaxRetries, maxNoMatch: Int = FlowSettings.defaultMaxRetries,
                noInputPrompts: [PromptKey] = [.noInput], noMatchPrompts: [PromptKey] = [.noMatch],
                onFailure: StateID? = nil, bargeIn: Bool = true) {
        self.noInputTimeoutSec = noInputTimeoutSec
        self.interDigitTimeoutSec = interDigitTimeoutSec
        self.maxNoInput = maxNoInput
        self.maxNoMatch = maxNoMatch
        self.noInputPrompts = noInputPrompts
        self.noMatchPrompts = noMatchPrompts
        self.onFailure = onFailure
        self.bargeIn = bargeIn
    }

    public static let defaultNoInputTimeoutSec = 5.0
    public static let defaultInterDigitTimeoutSec = 3.0
    public static let defaultMaxRetries = 3
}

/// The way to a human that works in every state: a key (default "0") that leads to `state`
/// (a transfer state). In a state collecting several digits the key counts when it is the whole
/// entry ("0" then a pause or "#"), so numbers containing 0 stay numbers.
public struct HumanEscape: Sendable, Hashable {
    /// nil turns the key off for the whole flow.
    public var key: Character?
    public var state: StateID

    public init(key: Character? = "0", state: StateID = "human") {
        self.key = key
        self.state = state
    }
}

/// How the flow follows the caller's emotion.
public struct EmotionPolicy: Sendable, Hashable {
    /// How the answer style follows the turns (also holds the confidence a turn needs to count).
    public var smoothing: EmotionSmoothingConfig
    /// Checked on every caller turn, after the state's own rules.
    public var rules: [EmotionRule]

    public init(smoothing: EmotionSmoothingConfig = EmotionSmoothingConfig(), rules: [EmotionRule] = []) {
        self.smoothing = smoothing
        self.rules = rules
    }

    /// A turn counts toward the style and toward a rule's streak only with at least this confidence.
    public var minConfidence: Double {
        get { smoothing.minConfidence }
        set { smoothing.minConfidence = newValue }
    }
}

/// A brand as the dialogue needs it: the voice, its prompt set, and the flow.
public struct Brand: Sendable, Hashable {
    public var voice: VoiceProfile
    public var prompts: PromptSet
    public var flow: Flow

    public init(voice: VoiceProfile, prompts: PromptSet, flow: Flow) {
        self.voice = voice
        self.prompts = prompts
        self.flow = flow
    }
}
