/// How the brand answers a caller in one emotional state: changes to the delivery, relative to
/// the profile's base synthesis settings, and which wording of each line to use.
public struct EmotionStyle: Sendable, Hashable, Codable {
    /// Speaking-rate change in percent of the base rate (−10 = 10 % slower).
    public var ratePercent: Int
    /// Added to the base pitch (0–99 scale).
    public var pitchDelta: Int
    /// Added to the base pitch range (0–99 scale); negative narrows the melody.
    public var pitchRangeDelta: Int
    /// Added to the base volume (0–200 scale).
    public var volumeDelta: Int
    /// The wording to use; lines without it fall back to `default`.
    public var variant: PromptVariant
    /// Something this style may add after a state's prompt (a fact, a joke), or nil.
    public var extra: PromptExtraKind?

    public init(ratePercent: Int = 0, pitchDelta: Int = 0, pitchRangeDelta: Int = 0, volumeDelta: Int = 0,
                variant: PromptVariant = .default, extra: PromptExtraKind? = nil) {
        self.ratePercent = ratePercent
        self.pitchDelta = pitchDelta
        self.pitchRangeDelta = pitchRangeDelta
        self.volumeDelta = volumeDelta
        self.variant = variant
        self.extra = extra
    }

    /// No change, default wording: used for an emotion the profile has no style for.
    public static let unchanged = EmotionStyle()
}
