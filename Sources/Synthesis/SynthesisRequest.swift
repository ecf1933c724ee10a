/// Everything that determines what the synthesizer produces, in espeak-ng's own scales.
/// Equal requests give identical audio, which is what makes the cache valid.
public struct SynthesisRequest: Sendable, Hashable, Codable {
    public var text: String
    /// An espeak-ng voice name or language, e.g. "en-us", "en-gb", "ru".
    public var voice: String
    /// An espeak-ng variant, e.g. "m3", "f2", "klatt" (nil: the voice's own).
    public var variant: String?
    /// Words per minute, 80…450 (espeak-ng's default 175).
    public var rateWPM: Int
    /// Base pitch 0…99 (default 50).
    public var pitch: Int
    /// Pitch range 0…99 (0 = monotone, default 50).
    public var pitchRange: Int
    /// Volume 0…200 (default 100).
    public var volume: Int
    /// Text contains SSML markup (e.g. `<prosody>`, `<break>`).
    public var ssml: Bool

    public init(text: String, voice: String, variant: String? = nil, rateWPM: Int = 175, pitch: Int = 50,
                pitchRange: Int = 50, volume: Int = 100, ssml: Bool = false) {
        self.text = text
        self.voice = voice
        self.variant = variant
        self.rateWPM = rateWPM
        self.pitch = pitch
        self.pitchRange = pitchRange
        self.volume = volume
        self.ssml = ssml
    }

    /// The name espeak-ng selects the voice by: "voice+variant".
    public var espeakVoiceName: String { variant.map { "\(voice)+\($0)" } ?? voice }

    /// Ranges espeak-ng accepts, checked before synthesis so a bad profile fails clearly.
    public static let rateRangeWPM = 80...450
    public static let pitchRange0to99 = 0...99
    public static let volumeRange = 0...200
}
