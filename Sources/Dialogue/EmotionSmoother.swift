/// Parameters of `EmotionSmoother`.
public struct EmotionSmoothingConfig: Sendable, Hashable {
    /// How many recent turns vote.
    public var window: Int
    /// Votes a new style needs within the window (hysteresis: the current style stays until then).
    public var required: Int
    /// A turn votes only with at least this confidence (also the threshold of emotion rules).
    public var minConfidence: Double
    /// Confidence assumed for a turn that carries none.
    public var defaultConfidence: Double

    public init(window: Int = 3, required: Int = 2, minConfidence: Double = 0.3, defaultConfidence: Double = 1.0) {
        self.window = window
        self.required = required
        self.minConfidence = minConfidence
        self.defaultConfidence = defaultConfidence
    }
}

/// Turns per-turn emotion labels into an answer style that does not flip on one odd turn:
/// "k of the last n" with hysteresis.
///
/// Each caller turn whose confidence reaches `minConfidence` votes for its label; a less confident
/// turn votes for nothing (it still takes a place in the window). The style changes to the latest
/// turn's label when that label has at least `required` votes among the last `window` turns;
/// otherwise it stays as it is — the same rule is needed to switch back.
///
/// With the defaults (2 of the last 3, confidence ≥ 0.3): one irritated turn among calm ones never
/// switches; two irritated turns in a row, or two out of three, do; after an irritated spell two
/// calm turns bring the neutral style back; a muddle of different labels keeps the current style.
/// Chosen over an exponential moving average of confidences because a single very confident turn
/// after hesitant ones could flip an average, and "irritated in 2 of the last 3 turns" explains itself.
public struct EmotionSmoother: Sendable, Hashable {
    public let config: EmotionSmoothingConfig
    public private(set) var current: CallerEmotion = .neutral
    /// The votes of the last `window` turns, oldest first (nil: the turn was not confident enough).
    public private(set) var recent: [CallerEmotion?] = []

    public init(config: EmotionSmoothingConfig = EmotionSmoothingConfig()) {
        self.config = config
    }

    /// Votes for `emotion` in the window.
    public func votes(_ emotion: CallerEmotion) -> Int { recent.filter { $0 == emotion }.count }

    /// Whether a turn of this confidence counts (for the style and for emotion rules).
    public func counts(confidence: Double?) -> Bool {
        (confidence ?? config.defaultConfidence) >= config.minConfidence
    }

    /// Adds one turn; returns the change of style it caused, if any.
    public mutating func observe(_ emotion: CallerEmotion, confidence: Double?) -> StyleChange? {
        recent.append(counts(confidence: confidence) ? emotion : nil)
        if recent.count > max(config.window, 1) { recent.removeFirst(recent.count - max(config.window, 1)) }
        let count = votes(emotion)
        guard emotion != current, recent.last == emotion, count >= config.required else { return nil }
        let change = StyleChange(from: current, to: emotion, votes: count, window: recent.count)
        current = emotion
        return change
    }
}

/// A change of answer style, with the votes that justified it.
public struct StyleChange: Sendable, Hashable, CustomStringConvertible {
    public var from: CallerEmotion
    public var to: CallerEmotion
    /// Turns among the last `window` that sounded `to`.
    public var votes: Int
    public var window: Int

    public init(from: CallerEmotion, to: CallerEmotion, votes: Int, window: Int) {
        self.from = from
        self.to = to
        self.votes = votes
        self.window = window
    }

    /// "caller sounded irritated in 2 of the last 3 turns (was neutral)"
    public var description: String {
        "caller sounded \(to) in \(votes) of the last \(window) turns (was \(from))"
    }
}
