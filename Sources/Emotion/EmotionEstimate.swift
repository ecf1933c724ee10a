@_exported import CallerState

/// The estimate for one caller turn, with the reasons that drove it.
public struct EmotionEstimate: Sendable, Equatable, Codable {
    public var label: CallerEmotion
    /// −1 (flat, low energy) … +1 (agitated, excited).
    public var arousal: Float
    /// 0…1: how clearly the winning label beat the others.
    public var confidence: Float
    /// Human-readable, most important first, e.g. "pitch +3.1 st above your baseline".
    public var reasons: [String]

    public init(label: CallerEmotion, arousal: Float, confidence: Float, reasons: [String]) {
        self.label = label
        self.arousal = arousal
        self.confidence = confidence
        self.reasons = reasons
    }
}
