/// Conversions between 16-bit PCM and the pipeline's Float samples.
public enum SampleConversion {
    /// Int16 → Float in [-1, 1): divides by 32768 so the conversion is exact and reversible.
    @inlinable
    public static func toFloat(_ sample: Int16) -> Float { Float(sample) / 32768 }

    /// Float → Int16 with saturation (values beyond full scale clip rather than wrap; NaN,
    /// which `Int16(_:)` would trap on, becomes 0).
    @inlinable
    public static func toInt16(_ sample: Float) -> Int16 {
        let scaled = (sample * 32768).rounded()
        if scaled.isNaN { return 0 }
        if scaled >= 32767 { return .max }
        if scaled <= -32768 { return .min }
        return Int16(scaled)
    }

    public static func toFloat(_ samples: [Int16]) -> [Float] { samples.map(toFloat) }
    public static func toInt16(_ samples: [Float]) -> [Int16] { samples.map(toInt16) }
}
