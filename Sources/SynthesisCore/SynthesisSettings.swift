/// How the synthesizer speaks: an espeak-ng voice and its parameters, on espeak-ng's own scales.
///
/// The one description of a voice: a brand's (Dialogue), a scripted caller's (CallFixtures) and
/// what a synthesis request speaks with (Synthesis).
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
}
