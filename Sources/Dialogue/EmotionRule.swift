/// "When the caller sounded `emotion` in `inARow` turns in a row, go to `goto`" — e.g. irritated
/// twice → offer a human. Counts the per-turn labels (not the smoothed style): a rule is about
/// what the caller just did, a style about how they have been overall.
public struct EmotionRule: Sendable, Hashable {
    public var emotion: CallerEmotion
    public var inARow: Int
    public var goto: StateID
    /// Fire at most once per call (so an offer is not repeated every turn).
    public var once: Bool

    public init(emotion: CallerEmotion, inARow: Int = 2, goto: StateID, once: Bool = true) {
        self.emotion = emotion
        self.inARow = inARow
        self.goto = goto
        self.once = once
    }
}
