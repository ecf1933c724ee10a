/// One state of a flow: what it says, what it waits for, where each outcome leads.
public struct FlowState: Sendable, Hashable {
    public var id: StateID
    /// Lines said on entry, in order (a line may be pinned to a language, e.g. a Russian offer
    /// in an English greeting).
    public var prompts: [PromptRef]
    public var input: InputSpec
    /// A complete digit entry → next state ("1" → refills).
    public var digits: [String: StateID]
    /// Any other complete entry of `minDigits…maxDigits` digits (a number being collected).
    public var onInput: StateID?
    /// A spoken caller turn (states that take speech).
    public var onTurn: StateID?
    /// After the last allowed no-input timeout / no-match; nil takes the flow's `onFailure`.
    public var onNoInput: StateID?
    public var onNoMatch: StateID?
    /// After the prompt, for states that wait for nothing.
    public var next: StateID?
    /// What the state does after its prompt, ending the dialogue.
    public var terminal: TerminalAction?
    /// Keep the entry that left this state under this name, for `{name}` in later lines.
    public var store: String?
    /// Switch the call's language on entry.
    public var language: String?
    /// Emotion rules checked here before the flow's own.
    public var emotionRules: [EmotionRule]
    /// Per-state overrides of the flow's settings (nil: take the flow's).
    public var noInputTimeoutSec: Double?
    public var maxNoInput: Int?
    public var maxNoMatch: Int?
    public var noInputPrompts: [PromptKey]?
    public var noMatchPrompts: [PromptKey]?
    public var bargeIn: Bool?
    /// Whether the human key works here (turn off e.g. in the human state itself).
    public var humanEscape: Bool
    /// Whether a style's extra (fact, joke) may follow this state's prompt; nil: when it waits for input.
    public var extras: Bool?

    public init(id: StateID, prompts: [PromptRef] = [], input: InputSpec = .none, digits: [String: StateID] = [:],
                onInput: StateID? = nil, onTurn: StateID? = nil, onNoInput: StateID? = nil,
                onNoMatch: StateID? = nil, next: StateID? = nil, terminal: TerminalAction? = nil,
                store: String? = nil, language: String? = nil, emotionRules: [EmotionRule] = [],
                noInputTimeoutSec: Double? = nil, maxNoInput: Int? = nil, maxNoMatch: Int? = nil,
                noInputPrompts: [PromptKey]? = nil, noMatchPrompts: [PromptKey]? = nil,
                bargeIn: Bool? = nil, humanEscape: Bool = true, extras: Bool? = nil) {
        self.id = id
        self.prompts = prompts
        self.input = input
        self.digits = digits
        self.onInput = onInput
        self.onTurn = onTurn
        self.onNoInput = onNoInput
        self.onNoMatch = onNoMatch
        self.next = next
        self.terminal = terminal
        self.store = store
        self.language = language
        self.emotionRules = emotionRules
        self.noInputTimeoutSec = noInputTimeoutSec
        self.maxNoInput = maxNoInput
        self.maxNoMatch = maxNoMatch
        self.noInputPrompts = noInputPrompts
        self.noMatchPrompts = noMatchPrompts
        self.bargeIn = bargeIn
        self.humanEscape = humanEscape
        self.extras = extras
    }

    /// Every state this one can lead to, in a stable order (for reachability checks).
    public var successors: [StateID] {
        var result = digits.sorted { $0.key < $1.key }.map(\.value)
        result += [onInput, onTurn, onNoInput, onNoMatch, next].compactMap { $0 }
        result += emotionRules.map(\.goto)
        return result
    }
}

/// A line to say, optionally in a fixed language.
public struct PromptRef: Sendable, Hashable {
    public var key: PromptKey
    /// nil: the call's current language.
    public var language: String?

    public init(_ key: PromptKey, language: String? = nil) {
        self.key = key
        self.language = language
    }
}

/// What ends the dialogue in a state, after its prompt.
public enum TerminalAction: Sendable, Hashable {
    /// Hand the call to a human at `target` (a queue, a SIP URI — the gateway's business).
    case transfer(target: String)
    /// End the call, recording how it went.
    case hangUp(DialogueOutcome)
}

/// How a call ended.
public enum DialogueOutcome: String, Sendable, Hashable, Codable, CaseIterable {
    case completed, transferred, callerHungUp, failed
}
