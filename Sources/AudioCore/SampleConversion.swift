/// Conversions between 16-bit PCM and the pipeline's Float samples.
public enum SampleConversion {
    /// Int16 → Float in [-1, 1): divides by 32768 so the conversion is exact and reversible.
    @inlinable
    public static func toFloat(_ sample: Int16) -> Float { Float(sample) / 32768 }

    /// Float → Int16 with saturation (values beyond full scale clip rather than wrap). Total:
    /// NaN becomes 0 and ±infinity full scale, so no sample can trap here (audio is cleaned where
    /// it enters, `SampleSanitizer`; this is the defence in depth).
    @inlinable
    public static func toInt16(_ sample: Float) -> Int16 {
        guard !sample.isNaN else { return 0 }
        let scaled = (sample * 32768).rounded()
        if scaled >= 32767 { return .max }
        if scaled <= -32768 { return .min }
        return Int16(scaled)
    }

    public static func toFloat(_ samples: [Int16]) -> [Float] { samples.map(toFloat) }
    public static func toInt16(_ samples: [Float]) -> [Int16] { samples.map(toInt16) }
}
