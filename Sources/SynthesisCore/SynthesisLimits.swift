/// espeak-ng's accepted ranges (checked when a brand loads and again before synthesis, so a bad
/// profile fails clearly), and the ranges of a style's changes.
public enum SynthesisLimits {
    public static let rateWPM: ClosedRange<Int> = 80...450
    public static let pitch: ClosedRange<Int> = 0...99
    public static let pitchRange: ClosedRange<Int> = 0...99
    public static let volume: ClosedRange<Int> = 0...200
    /// A style may slow down to half or speed up to double.
    public static let ratePercent: ClosedRange<Int> = -50...100
    public static let pitchDelta: ClosedRange<Int> = -99...99
    public static let pitchRangeDelta: ClosedRange<Int> = -99...99
    public static let volumeDelta: ClosedRange<Int> = -200...200
}
