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
