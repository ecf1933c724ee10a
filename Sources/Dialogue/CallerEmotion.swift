/// The caller states the dialogue adapts to. Same labels (raw values) as the Emotion module's
/// `EmotionLabel`; Dialogue does not import it so that it stays independent — the integration
/// maps one to the other by `rawValue`.
public enum CallerEmotion: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    case neutral, irritated, anxious, bored, cheerful

    public var description: String { rawValue }
}
