@_exported import SynthesisCore

/// Everything that determines what the synthesizer produces: the text and the settings it is
/// spoken with. Equal requests give identical audio, which is what makes the cache valid.
public struct SynthesisRequest: Sendable, Hashable, Codable {
    public var text: String
    public var settings: SynthesisSettings
    /// Text contains SSML markup (e.g. `<prosody>`, `<break>`).
    public var ssml: Bool

    /// `text` spoken with a brand's (or a scripted caller's) synthesis settings.
    public init(text: String, settings: SynthesisSettings, ssml: Bool = false) {
        self.text = text
        self.settings = settings
        self.ssml = ssml
    }
}
