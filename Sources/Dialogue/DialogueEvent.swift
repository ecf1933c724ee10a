/// What happens on a call, as the dialogue sees it.
public enum DialogueEvent: Sendable, Hashable {
    /// The call is answered; `language` when the gateway knows it (a dialled number per language).
    case callStarted(language: String?)
    /// The caller finished a spoken turn.
    case callerTurn(CallerTurn)
    /// The caller started speaking while no prompt was playing (stops the no-input timer).
    case speechStarted
    /// A keypad key: "0"…"9", "*", "#", "A"…"D".
    case dtmf(Character)
    /// Everything queued by `.say` has been played (not sent after `.stopPrompt`).
    case promptFinished
    /// A timer started by `.startTimer` ran out (and was not cancelled).
    case timerFired(DialogueTimer)
    /// The caller spoke over a prompt and the session judged it an interruption.
    case bargeIn
    /// Speech that stopped a prompt ended without becoming a turn (the fast, echo-guarded
    /// onset heard it; the listener's voice detector did not take it): the flow goes on as if
    /// the prompt had finished.
    case speechAbandoned
    /// The caller hung up.
    case hangUp

    /// `callStarted` without a known language.
    public static var callStarted: DialogueEvent { .callStarted(language: nil) }
}

/// One caller turn: when it was and how the caller sounded.
public struct CallerTurn: Sendable, Hashable {
    public var emotion: CallerEmotion
    /// 0…1, or nil when the estimator gives none (counts as `defaultConfidence`).
    public var confidence: Double?
    public var startSec: Double
    public var endSec: Double

    public init(emotion: CallerEmotion, confidence: Double? = nil, startSec: Double, endSec: Double) {
        self.emotion = emotion
        self.confidence = confidence
        self.startSec = startSec
        self.endSec = endSec
    }
}

/// The timers the dialogue asks the session to run.
public enum DialogueTimer: String, Sendable, Hashable, Codable, CaseIterable {
    /// The caller has not answered a prompt.
    case noInput
    /// The caller paused between digits: the entry is complete.
    case interDigit
}
