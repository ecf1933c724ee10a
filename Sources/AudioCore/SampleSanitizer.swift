/// Cleans samples where audio enters the engine (files: `AudioFiles.AudioStreamReader`; the live
/// path's decoders can use it the same way): NaN becomes 0, ±infinity full scale (±1), and
/// finite samples beyond full scale are clipped to ±1. Each replacement is counted, so a report
/// can say how much of a recording was not audio ("12 samples were NaN or infinite").
///
/// Why here: every stage after the reader (DTMF, pitch, the front end, the WAV writer) assumes
/// finite samples in [-1, 1]; one NaN used to trap in `SampleConversion.toInt16`, and an infinite
/// sample read as silence.
public struct SampleSanitizer: Sendable, Equatable {
    /// NaN or ±infinity samples replaced.
    public private(set) var nonFiniteSamples = 0
    /// Finite samples beyond ±1 clipped.
    public private(set) var clippedSamples = 0

    public init() {}

    /// Cleans `samples` in place.
    public mutating func clean(_ samples: UnsafeMutableBufferPointer<Float>) {
        for i in samples.indices {
            let x = samples[i]
            if x.isNaN {
                samples[i] = 0
                nonFiniteSamples += 1
            } else if x.isInfinite {
                samples[i] = x > 0 ? 1 : -1
                nonFiniteSamples += 1
            } else if x > 1 || x < -1 {
                samples[i] = x > 0 ? 1 : -1
                clippedSamples += 1
            }
        }
    }

    public mutating func clean(_ samples: inout [Float]) {
        samples.withUnsafeMutableBufferPointer { clean($0) }
    }
}
