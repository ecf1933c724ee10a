import AudioCore

/// The line's background noise under concealed audio (RFC 3389's comfort noise, without its
/// packets): packet loss concealment fades to digital silence within 50 ms (spandsp, libopus),
/// and a gap of silence in a call's noise reads as a pause to a listener and drags a noise
/// floor down. It follows the quietest recent 10 ms block of decoded audio (drops at once, rises
/// 3 dB/s, as the speech gate's floor does) and adds white noise at that RMS level (at most
/// −45 dBFS) to what a concealment wrote. Deterministic (SplitMix64 from a fixed seed); no allocation.
public struct ComfortNoise: Sendable {
    public let blockSamples: Int
    /// RMS of the quietest recent block, linear; nil before any audio was heard.
    public private(set) var floorRMS: Float?
    private let risePerBlock: Float
    private var random = SplitMix64(seed: 0x1A20_2612_0200_0001)

    /// - Parameter blockSamples: 10 ms at the pipeline rate.
    public init(blockSamples: Int, floorRiseDBPerSec: Float = 3) {
        self.blockSamples = max(1, blockSamples)
        risePerBlock = Level.amplitude(gainDB: floorRiseDBPerSec * 0.01)
    }

    /// Audio that arrived (decoded, not concealed): whole blocks update the floor.
    public mutating func heard(_ samples: UnsafeBufferPointer<Float>) {
        var start = 0
        while start + blockSamples <= samples.count {
            var sum: Float = 0
            for i in start..<start + blockSamples { sum += samples[i] * samples[i] }
            let rms = (sum / Float(blockSamples)).squareRoot()
            floorRMS = floorRMS.map { Swift.min(rms, $0 * risePerBlock) } ?? rms
            start += blockSamples
        }
    }

    /// Adds the noise to concealed audio, in place (nothing before any audio was heard).
    public mutating func fill(_ samples: UnsafeMutableBufferPointer<Float>) {
        guard let floorRMS, floorRMS > 0 else { return }
        // Uniform in [-a, a] has RMS a/√3.
        let a = Swift.min(floorRMS, Self.maximumRMS) * Float(3).squareRoot()
        for i in samples.indices { samples[i] += a * (2 * nextUnit() - 1) }
    }

    public mutating func reset() { floorRMS = nil }

    /// −45 dBFS: a quietest block louder than this is not a line's background (a stream that has
    /// not paused yet: speech, a tone), so the noise stays at this level at most.
    public static let maximumRMS: Float = 0.0056

    private mutating func nextUnit() -> Float { Float(random.next() >> 40) * 0x1.0p-24 }
}
