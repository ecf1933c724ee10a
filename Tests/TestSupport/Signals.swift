import AudioCore
import Foundation

/// Synthetic test signals with known answers. All are deterministic.
public enum Signals {
    /// A sine at `frequencyHz`, peak `amplitude` (1.0 = full scale).
    public static func sine(frequencyHz: Double, sampleRateHz: Int, durationSec: Double,
                            amplitude: Float = 0.5, phase: Double = 0) -> [Float] {
        let n = Int(durationSec * Double(sampleRateHz))
        let w = 2 * Double.pi * frequencyHz / Double(sampleRateHz)
        return (0..<n).map { amplitude * Float(sin(w * Double($0) + phase)) }
    }

    /// A harmonic tone with fundamental `f0Hz` and `harmonics` partials of amplitude 1/k,
    /// normalised to peak `amplitude`. With `dropFundamental`, partial 1 is left out (as a
    /// telephone band-pass does to a low male voice), so the F0 is only implied by the harmonics.
    public static func harmonicTone(f0Hz: Double, sampleRateHz: Int, durationSec: Double,
                                    harmonics: Int = 10, amplitude: Float = 0.5,
                                    dropFundamental: Bool = false) -> [Float] {
        let n = Int(durationSec * Double(sampleRateHz))
        let nyquist = Double(sampleRateHz) / 2
        var out = [Float](repeating: 0, count: n)
        for k in 1...harmonics where Double(k) * f0Hz < nyquist {
            if dropFundamental && k == 1 { continue }
            let w = 2 * Double.pi * Double(k) * f0Hz / Double(sampleRateHz)
            for i in 0..<n { out[i] += Float(sin(w * Double(i)) / Double(k)) }
        }
        let peak = out.map(abs).max() ?? 0
        return peak > 0 ? out.map { $0 / peak * amplitude } : out
    }

    /// A linear sine sweep from `fromHz` to `toHz`.
    public static func sweep(fromHz: Double, toHz: Double, sampleRateHz: Int, durationSec: Double,
                             amplitude: Float = 0.5) -> [Float] {
        let n = Int(durationSec * Double(sampleRateHz))
        let rate = Double(sampleRateHz)
        let k = (toHz - fromHz) / durationSec
        return (0..<n).map { i in
            let t = Double(i) / rate
            return amplitude * Float(sin(2 * Double.pi * (fromHz * t + 0.5 * k * t * t)))
        }
    }

    /// Deterministic white noise, uniform in [-amplitude, amplitude].
    public static func whiteNoise(sampleRateHz: Int, durationSec: Double, amplitude: Float = 0.1,
                                  seed: UInt64 = 0x9E37_79B9_7F4A_7C15) -> [Float] {
        var rng = SplitMix64(seed: seed)
        let n = Int(durationSec * Double(sampleRateHz))
        return (0..<n).map { _ in amplitude * (Float(rng.next() >> 40) / Float(1 << 23) * 2 - 1) }
    }

    public static func silence(sampleRateHz: Int, durationSec: Double) -> [Float] {
        [Float](repeating: 0, count: Int(durationSec * Double(sampleRateHz)))
    }

    /// Hard-clips `samples` at ±`limit`.
    public static func clipped(_ samples: [Float], limit: Float) -> [Float] {
        samples.map { min(limit, max(-limit, $0)) }
    }

    /// `samples` scaled by `gainDB`.
    public static func scaled(_ samples: [Float], gainDB: Float) -> [Float] {
        let g = Float(pow(10, Double(gainDB) / 20))
        return samples.map { $0 * g }
    }
}
