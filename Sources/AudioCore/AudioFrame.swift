/// A block of mono audio with its format and position in the stream.
///
/// Samples are `Float` in [-1, 1] (full scale = 1.0, so 0 dBFS is a full-scale square wave and a
/// full-scale sine measures -3.01 dBFS RMS). `startSample` counts samples at `sampleRateHz` from the
/// start of the stream, so a frame knows where it sits in time without a wall clock.
public struct AudioFrame: Sendable, Equatable {
    public var samples: [Float]
    public var sampleRateHz: Int
    public var startSample: Int

    public init(samples: [Float], sampleRateHz: Int, startSample: Int = 0) {
        self.samples = samples
        self.sampleRateHz = sampleRateHz
        self.startSample = startSample
    }

    public var durationSec: Double { Double(samples.count) / Double(sampleRateHz) }
    public var startSec: Double { Double(startSample) / Double(sampleRateHz) }
}
