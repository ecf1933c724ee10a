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
    /// Per-language voices (a Russian voice for "ru"), complete: the loader fills what a language
    /// leaves unset from `synthesis`.
    public var languageVoices: [String: SynthesisSettings]
    /// Delivery and wording per caller emotion; a missing one is `EmotionStyle.unchanged`.
    public var styles: [CallerEmotion: EmotionStyle]
    /// At most this many extras (facts, jokes) per call, so a style's extra stays a treat.
    public var maxExtrasPerCall: Int

    public init(id: String, brand: String, languages: [String], disclosure: Bool = true, promptSet: String,
                synthesis: SynthesisSettings, languageVoices: [String: SynthesisSettings] = [:],
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
        (languageVoices[language] ?? synthesis).applying(style(for: emotion))
    }
}
