import Foundation

/// Level measurements in dB relative to full scale.
public enum Level {
    /// The floor reported for digital silence, so logs and JSON never carry -infinity.
    public static let floorDBFS: Float = -120

    /// RMS level of `samples` in dBFS (full scale = 1.0), clamped to `floorDBFS`.
    /// Inlinable so that callers in other modules get it specialized: unspecialized, the generic
    /// iteration allocated on every call (measured: the listener's per-hop allocations).
    @inlinable
    public static func rmsDBFS<C: Collection>(_ samples: C) -> Float where C.Element == Float {
        guard !samples.isEmpty else { return floorDBFS }
        var sum: Double = 0
        for s in samples { sum += Double(s) * Double(s) }
        return dBFS(meanSquare: Float(sum / Double(samples.count)))
    }

    /// The per-hop form: no generics, no allocation.
    public static func rmsDBFS(_ samples: UnsafeBufferPointer<Float>) -> Float {
        guard !samples.isEmpty else { return floorDBFS }
        var sum: Double = 0
        for s in samples { sum += Double(s) * Double(s) }
        return dBFS(meanSquare: Float(sum / Double(samples.count)))
    }

    /// Converts a mean square value to dBFS, clamped to `floorDBFS`.
    @inlinable
    public static func dBFS(meanSquare: Float) -> Float {
        guard meanSquare > 0 else { return floorDBFS }
        return max(floorDBFS, 10 * log10(meanSquare))
    }

    /// Linear amplitude factor for a gain in dB.
    @inlinable
    public static func amplitude(gainDB: Float) -> Float { pow(10, gainDB / 20) }
}
