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
