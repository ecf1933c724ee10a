import Foundation

/// Pitch on a musical (logarithmic) scale: equal steps sound equal for low and high voices.
public enum Semitones {
    /// The reference for absolute values: 100 Hz = 0 st.
    public static let referenceHz: Float = 100

    @inlinable
    public static func fromHz(_ hz: Float, reference: Float = referenceHz) -> Float {
        12 * log2(hz / reference)
    }

    @inlinable
    public static func toHz(_ st: Float, reference: Float = referenceHz) -> Float {
        reference * pow(2, st / 12)
    }
}

/// Order statistics used by the per-turn summaries.
enum Stats {
    /// Linear-interpolated percentile (p in 0…100) of unsorted values; nil when empty.
    static func percentile(_ values: [Float], _ p: Float) -> Float? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let pos = Float(sorted.count - 1) * p / 100
        let lo = Int(pos.rounded(.down))
        let hi = min(lo + 1, sorted.count - 1)
        let frac = pos - Float(lo)
        return sorted[lo] + (sorted[hi] - sorted[lo]) * frac
    }

    /// Least-squares slope of y over x; nil with fewer than two distinct x.
    static func slope(x: [Float], y: [Float]) -> Float? {
        guard x.count >= 2 else { return nil }
        let n = Float(x.count)
        let mx = x.reduce(0, +) / n
        let my = y.reduce(0, +) / n
        var sxy: Float = 0, sxx: Float = 0
        for i in x.indices {
            sxy += (x[i] - mx) * (y[i] - my)
            sxx += (x[i] - mx) * (x[i] - mx)
        }
        return sxx > 0 ? sxy / sxx : nil
    }

    /// Mean power of dB values, back in dB (the level a listener would average to).
    static func powerMeanDB(_ db: [Float]) -> Float? {
        guard !db.isEmpty else { return nil }
        let mean = db.reduce(Float(0)) { $0 + pow(10, $1 / 10) } / Float(db.count)
        return 10 * log10(mean)
    }
}
