/// A brand's "voice DNA" (`voices/<id>.yaml`): who speaks, how, and how the delivery follows the
/// caller's emotional state.
public struct VoiceProfile: Sendable, Hashable, Codable {
    /// The file name without extension ("pharmacy-grandpa").
    public var id: String
    /// The brand's name as said to callers.
    public var brand: String
    /// Languages the brand speaks; the first is the default.
    public var languages: [String]
    /// Whether the call's first answer discloses that the caller talks to an automated assistant.
    public var disclosure: Bool
    /// The prompt set (`prompts/<id>/`) this voice speaks.
    public var promptSet: String
    /// Base synthesis settings, for the default language.
    public var synthesis: SynthesisSettings
    /// Per-language voice changes (a Russian voice for "ru").
    public var languageVoices: [String: LanguageVoice]
    /// Delivery and wording per caller emotion; a missing one is `EmotionStyle.unchanged`.
    public var styles: [CallerEmotion: EmotionStyle]
    /// At most this many extras (facts, jokes) per call, so a style's extra stays a treat.
    public var maxExtrasPerCall: Int

    public init(id: String, brand: String, languages: [String], disclosure: Bool = true, promptSet: String,
                synthesis: SynthesisSettings, languageVoices: [String: LanguageVoice] = [:],
                styles: [CallerEmotion: EmotionStyle] = [:], maxExtrasPerCall: Int = 1) {
        self.id = id
        self.brand = brand
        self.languages = languages
        self.disclosure = disclosure
        self.promptSet = promptSet
        self.synthesis = synthesis
        self.languageVoices = languageVoices
        self.styles = styles
        self.maxExtrasPerCall = maxExtrasPerCall
    }

    public var defaultLanguage: String { languages.first ?? "en" }

    public func style(for emotion: CallerEmotion) -> EmotionStyle { styles[emotion] ?? .unchanged }

    /// The settings to synthesize a line in `language` for a caller in `emotion`.
    public func synthesis(language: String, emotion: CallerEmotion) -> SynthesisSettings {
        var base = synthesis
        if let override = languageVoices[language] { base = override.applied(to: base) }
        return base.applying(style(for: emotion))
    }
}

/// A per-language change of voice; unset values keep the profile's base.
public struct LanguageVoice: Sendable, Hashable, Codable {
    public var voice: String
    public var variant: String?
    public var rateWPM: Int?
    public var pitch: Int?
    public var pitchRange: Int?
    public var volume: Int?

    public init(voice: String, variant: String? = nil, rateWPM: Int? = nil, pitch: Int? = nil,
                pitchRange: Int? = nil, volume: Int? = nil) {
        self.voice = voice
        self.variant = variant
        self.rateWPM = rateWPM
        self.pitch = pitch
        self.pitchRange = pitchRange
        self.volume = volume
    }

    public func applied(to base: SynthesisSettings) -> SynthesisSettings {
        var result = base
        result.voice = voice
        if let variant { result.variant = variant }
        if let rateWPM { result.rateWPM = rateWPM }
        if let pitch { result.pitch = pitch }
        if let pitchRange { result.pitchRange = pitchRange }
        if let volume { result.volume = volume }
        return result
    }
}
