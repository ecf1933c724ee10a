/// How the synthesizer speaks: an espeak-ng voice and its parameters, on espeak-ng's own scales.
public struct SynthesisSettings: Sendable, Hashable, Codable {
    /// The synthesis engine; "espeak-ng" is the embedded one.
    public var engine: String
    /// espeak-ng voice (language) name: "en-us", "en-gb", "ru".
    public var voice: String
    /// espeak-ng variant ("m3", "f2", "grandpa"), or nil for the voice's own.
    public var variant: String?
    /// Speaking rate in words per minute (espeak-ng `-s`).
    public var rateWPM: Int
    /// Base pitch 0–99 (espeak-ng `-p`).
    public var pitch: Int
    /// Pitch range 0–99 (espeak-ng `espeakRANGE`): 0 is a monotone.
    public var pitchRange: Int
    /// Volume 0–200 (espeak-ng `-a`), 100 is normal.
    public var volume: Int

    public init(engine: String = SynthesisSettings.espeakNG, voice: String, variant: String? = nil,
                rateWPM: Int = 175, pitch: Int = 50, pitchRange: Int = 50, volume: Int = 100) {
        self.engine = engine
        self.voice = voice
        self.variant = variant
        self.rateWPM = rateWPM
        self.pitch = pitch
        self.pitchRange = pitchRange
        self.volume = volume
    }

    public static let espeakNG = "espeak-ng"

    /// The name espeak-ng takes for `-v`: "ru+m3", or just "ru".
    public var espeakVoiceName: String { variant.map { "\(voice)+\($0)" } ?? voice }

    /// These settings changed by a style, kept inside espeak-ng's ranges.
    public func applying(_ style: EmotionStyle) -> SynthesisSettings {
        var result = self
        let rate = (Double(rateWPM) * (1 + Double(style.ratePercent) / 100)).rounded()
        result.rateWPM = SynthesisLimits.rateWPM.clamp(Int(rate))
        result.pitch = SynthesisLimits.pitch.clamp(pitch + style.pitchDelta)
        result.pitchRange = SynthesisLimits.pitchRange.clamp(pitchRange + style.pitchRangeDelta)
        result.volume = SynthesisLimits.volume.clamp(volume + style.volumeDelta)
        return result
    }
}

/// espeak-ng's accepted ranges, and the ranges of a style's changes.
public enum SynthesisLimits {
    public static let rateWPM: ClosedRange<Int> = 80...450
    public static let pitch: ClosedRange<Int> = 0...99
    public static let pitchRange: ClosedRange<Int> = 0...99
    public static let volume: ClosedRange<Int> = 0...200
    /// A style may slow down to half or speed up to double.
    public static let ratePercent: ClosedRange<Int> = -50...100
    public static let pitchDelta: ClosedRange<Int> = -99...99
    public static let pitchRangeDelta: ClosedRange<Int> = -99...99
    public static let volumeDelta: ClosedRange<Int> = -200...200
}

extension ClosedRange where Bound == Int {
    func clamp(_ value: Int) -> Int { Swift.min(Swift.max(value, lowerBound), upperBound) }
}
