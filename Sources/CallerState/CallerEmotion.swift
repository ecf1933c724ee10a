/// How a caller sounds, as the engine names it: what the emotion estimator labels a turn with
/// and what the dialogue adapts its style to. One type for both, in a module of its own that
/// imports nothing, so the pure stages share it without depending on each other.
public enum CallerEmotion: String, Sendable, Hashable, Codable, CaseIterable, Comparable, CustomStringConvertible {
    case neutral, irritated, anxious, bored, cheerful

    public var description: String { rawValue }

    /// In declaration order (neutral first), for stable tables and reports.
    public static func < (a: CallerEmotion, b: CallerEmotion) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}
