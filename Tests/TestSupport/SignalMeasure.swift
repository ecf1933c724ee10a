import Foundation

/// Measurements the audio tests assert on.
public enum SignalMeasure {
    /// SNR of `test` against `reference` in dB (error = test − reference), over the common length.
    public static func snrDB(reference: [Float], test: [Float]) -> Double {
        let n = min(reference.count, test.count)
        var signal = 0.0, noise = 0.0
        for i in 0..<n {
            let r = Double(reference[i]), e = Double(test[i]) - r
            signal += r * r
            noise += e * e
        }
        return 10 * log10(signal / max(noise, 1e-30))
    }

    /// Normalised correlation of `a[i]` with `b[i + lag]` over the overlap.
    public static func correlation(_ a: [Float], _ b: [Float], lag: Int = 0) -> Double {
        var ab = 0.0, aa = 0.0, bb = 0.0
        for i in 0..<a.count {
            let j = i + lag
            guard j >= 0, j < b.count else { continue }
            let x = Double(a[i]), y = Double(b[j])
            ab += x * y; aa += x * x; bb += y * y
        }
        return ab / max(sqrt(aa * bb), 1e-30)
    }

    /// The lag in `lags` where `b` best matches `a` (b[i + lag] ≈ a[i]).
    public static func bestLag(_ a: [Float], _ b: [Float], lags: ClosedRange<Int>) -> (lag: Int, correlation: Double) {
        var best = (lag: 0, correlation: -2.0)
        for lag in lags {
            let c = correlation(a, b, lag: lag)
            if c > best.correlation { best = (lag, c) }
        }
        return best
    }

    /// Amplitude of the `frequencyHz` component (peak, as a sine's amplitude), by projection
    /// on sine and cosine over whole `samples` (use a whole number of periods).
    public static func toneAmplitude(_ samples: ArraySlice<Float>, frequencyHz: Double, sampleRateHz: Int) -> Double {
        let w = 2 * Double.pi * frequencyHz / Double(sampleRateHz)
        var s = 0.0, c = 0.0
        for (k, x) in samples.enumerated() {
            s += Double(x) * sin(w * Double(k))
            c += Double(x) * cos(w * Double(k))
        }
        return 2 * sqrt(s * s + c * c) / Double(samples.count)
    }

    /// The strongest of `candidatesHz` in `samples`.
    public static func dominantTone(_ samples: [Float], candidatesHz: [Int], sampleRateHz: Int) -> Int {
        candidatesHz.max {
            toneAmplitude(samples[...], frequencyHz: Double($0), sampleRateHz: sampleRateHz)
                < toneAmplitude(samples[...], frequencyHz: Double($1), sampleRateHz: sampleRateHz)
        }!
    }

    public static func rms(_ samples: ArraySlice<Float>) -> Double {
        guard !samples.isEmpty else { return 0 }
        return sqrt(samples.reduce(0.0) { $0 + Double($1) * Double($1) } / Double(samples.count))
    }

    public static func dB(_ ratio: Double) -> Double { 20 * log10(ratio) }
}
