/// What the engine hears in one 10 ms hop, after the front end and the pitch tracker.
public struct ProsodyFrame: Sendable, Equatable, Codable {
    /// Frame centre, seconds from stream start.
    public var t: Double
    /// Fundamental frequency, 0 when unvoiced.
    public var f0Hz: Float
    public var voiced: Bool
    /// RMS level of the hop after the front end, dBFS.
    public var energyDB: Float
    /// The speech decision (front-end VAD gated by energy above the noise floor).
    public var speech: Bool
    /// Spectral balance and harmonicity of the hop (nil when a producer does not measure them).
    public var spectral: SpectralFrame?

    public init(t: Double, f0Hz: Float, voiced: Bool, energyDB: Float, speech: Bool, spectral: SpectralFrame? = nil) {
        self.t = t
        self.f0Hz = f0Hz
        self.voiced = voiced
        self.energyDB = energyDB
        self.speech = speech
        self.spectral = spectral
    }
}

extension Array where Element == ProsodyFrame {
    /// Least-squares F0 slope (semitones per second) over the last `windowSec` of these voiced
    /// frames, by time; nil with fewer than `minimumFrames` there. Both turn analyzers use it.
    func endSlopeSemitonesPerSec(windowSec: Double, minimumFrames: Int) -> Float? {
        guard let lastT = last?.t else { return nil }
        let tail = filter { lastT - $0.t <= windowSec }
        guard tail.count >= minimumFrames else { return nil }
        return Stats.slope(x: tail.map { Float($0.t - lastT) }, y: tail.map { Semitones.fromHz($0.f0Hz) })
    }
}
