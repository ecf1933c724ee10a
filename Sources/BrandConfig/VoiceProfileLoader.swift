import Dialogue
import Foundation
import Yams

/// Reads `voices/<id>.yaml` into a `VoiceProfile` (schema: README "Brand configuration").
enum VoiceProfileLoader {
    static let topKeys = ["brand", "description", "languages", "disclosure", "promptSet", "maxExtrasPerCall",
                          "synthesis", "languageVoices", "styles"]
    static let synthesisKeys = ["engine", "voice", "variant", "rateWPM", "pitch", "pitchRange", "volume"]
    static let languageVoiceKeys = ["voice", "variant", "rateWPM", "pitch", "pitchRange", "volume"]
    static let styleKeys = ["ratePercent", "pitchDelta", "pitchRangeDelta", "volumeDelta", "variant", "extra"]

    static func load(_ path: String, log: DiagnosticLog, catalog: EspeakCatalog?) -> LoadedVoice? {
        guard let file = YAMLFile.read(path, log: log),
              let top = Fields(file.root, file: path, log: log, context: "the voice profile") else { return nil }
        top.checkKeys(topKeys)
        let id = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        var marks = VoiceMarks()
        marks.top = top.location
        let brand = top.string("brand", required: true, example: "Acme Pharmacy") ?? id
        var languages: [String] = []
        if let list = top.strings("languages", example: "en") {
            for (language, at) in list {
                guard LanguageCode.isValid(language) else {
                    log.error(at, "'\(language)' is not a language code", fix: "use a code like en, ru, en-gb")
                    continue
                }
                languages.append(language)
                marks.languages[language] = at
            }
            if list.isEmpty { log.error(top.location, "languages is empty", fix: "list at least one, e.g. [en]") }
        } else {
            top.missing("languages", example: "[en]")
        }
        marks.disclosure = top.keyLocation("disclosure")
        let disclosure = top.bool("disclosure") ?? true
        let promptSet = top.string("promptSet", required: true, example: id) ?? id
        marks.promptSet = top.value("promptSet").map(top.location)
        let maxExtras = top.int("maxExtrasPerCall", range: 0...20, example: 1) ?? 1

        var synthesis = SynthesisSettings(voice: "en")
        if let node = top.value("synthesis") {
            synthesis = readSynthesis(node, file: path, log: log, catalog: catalog) ?? synthesis
        } else {
            top.missing("synthesis", example: "{voice: en-us, variant: m3, rateWPM: 160}")
        }
        var languageVoices: [String: SynthesisSettings] = [:]
        if let node = top.value("languageVoices"), let fields = Fields(node, file: path, log: log, context: "languageVoices") {
            for pair in fields.pairs {
                guard languages.contains(pair.key) else {
                    log.error(fields.location(pair.keyNode), "languageVoices has '\(pair.key)', which is not in languages [\(languages.joined(separator: ", "))]",
                              fix: Suggestion.didYouMean(pair.key, in: languages) ?? "add it to languages or remove this entry")
                    continue
                }
                if let voice = readLanguageVoice(pair.value, language: pair.key, over: synthesis, file: path, log: log,
                                                 catalog: catalog) {
                    languageVoices[pair.key] = voice
                }
            }
        }
        var styles: [CallerEmotion: EmotionStyle] = [:]
        if let node = top.value("styles"), let fields = Fields(node, file: path, log: log, context: "styles") {
            for pair in fields.pairs {
                guard let emotion = CallerEmotion(rawValue: pair.key) else {
                    let names = CallerEmotion.allCases.map(\.rawValue)
                    log.error(fields.location(pair.keyNode), "unknown emotion '\(pair.key)' in styles",
                              fix: Suggestion.didYouMean(pair.key, in: names) ?? "use one of \(names.joined(separator: ", "))")
                    continue
                }
                marks.styles[emotion] = fields.location(pair.keyNode)
                if let style = readStyle(pair.value, emotion: emotion, file: path, log: log, marks: &marks) {
                    styles[emotion] = style
                }
            }
            for emotion in CallerEmotion.allCases where emotion != .neutral && fields.value(emotion.rawValue) == nil {
                log.warning(fields.location, "styles has no '\(emotion)' style; \(emotion) callers get the neutral delivery",
                            fix: "add '\(emotion): {variant: …}'")
            }
        } else {
            log.warning(top.location, "no styles: every caller gets the same delivery and wording",
                        fix: "add styles for irritated, anxious, bored and cheerful callers")
        }
        let profile = VoiceProfile(id: id, brand: brand, languages: languages, disclosure: disclosure,
                                   promptSet: promptSet, synthesis: synthesis, languageVoices: languageVoices,
                                   styles: styles, maxExtrasPerCall: maxExtras)
        return LoadedVoice(profile: profile, file: path, marks: marks)
    }

    static func readSynthesis(_ node: Node, file: String, log: DiagnosticLog, catalog: EspeakCatalog?) -> SynthesisSettings? {
        guard let fields = Fields(node, file: file, log: log, context: "synthesis") else { return nil }
        fields.checkKeys(synthesisKeys)
        if let engine = fields.string("engine"), engine != SynthesisSettings.espeakNG {
            log.error(fields.location(fields.value("engine")!), "engine '\(engine)' is not supported",
                      fix: "use \(SynthesisSettings.espeakNG) (the embedded engine)")
        }
        let voice = fields.string("voice", required: true, example: "en-us") ?? "en"
        return readVoice(fields, voice: voice, over: SynthesisSettings(voice: voice), catalog: catalog)
    }

    /// A language's voice: what it leaves unset keeps the profile's base `synthesis`.
    static func readLanguageVoice(_ node: Node, language: String, over base: SynthesisSettings, file: String,
                                  log: DiagnosticLog, catalog: EspeakCatalog?) -> SynthesisSettings? {
        guard let fields = Fields(node, file: file, log: log, context: "languageVoices.\(language)") else { return nil }
        fields.checkKeys(languageVoiceKeys)
        guard let voice = fields.string("voice", required: true, example: language) else { return nil }
        return readVoice(fields, voice: voice, over: base, catalog: catalog)
    }

    /// `voice`, with the variant and the numbers the block sets; the rest from `defaults`.
    private static func readVoice(_ fields: Fields, voice: String, over defaults: SynthesisSettings,
                                  catalog: EspeakCatalog?) -> SynthesisSettings {
        let variant = fields.string("variant")
        catalog?.check(voice: voice, variant: variant, fields: fields)
        var s = defaults
        s.voice = voice
        s.variant = variant ?? s.variant
        s.rateWPM = fields.int("rateWPM", range: SynthesisLimits.rateWPM, example: 160) ?? s.rateWPM
        s.pitch = fields.int("pitch", range: SynthesisLimits.pitch, example: 50) ?? s.pitch
        s.pitchRange = fields.int("pitchRange", range: SynthesisLimits.pitchRange, example: 50) ?? s.pitchRange
        s.volume = fields.int("volume", range: SynthesisLimits.volume, example: 100) ?? s.volume
        return s
    }

    static func readStyle(_ node: Node, emotion: CallerEmotion, file: String, log: DiagnosticLog,
                          marks: inout VoiceMarks) -> EmotionStyle? {
        guard let fields = Fields(node, file: file, log: log, context: "styles.\(emotion)") else { return nil }
        fields.checkKeys(styleKeys)
        var style = EmotionStyle()
        style.ratePercent = fields.int("ratePercent", range: SynthesisLimits.ratePercent, example: -10) ?? 0
        style.pitchDelta = fields.int("pitchDelta", range: SynthesisLimits.pitchDelta, example: -5) ?? 0
        style.pitchRangeDelta = fields.int("pitchRangeDelta", range: SynthesisLimits.pitchRangeDelta, example: -10) ?? 0
        style.volumeDelta = fields.int("volumeDelta", range: SynthesisLimits.volumeDelta, example: 10) ?? 0
        if let variant = fields.string("variant", example: "concise") {
            style.variant = PromptVariant(variant)
            marks.styleVariants[emotion] = fields.location(fields.value("variant")!)
        }
        if fields.value("extra") != nil {
            style.extra = fields.choice("extra", as: PromptExtraKind.self)
            marks.styleExtras[emotion] = fields.location(fields.value("extra")!)
        }
        return style
    }
}

enum LanguageCode {
    /// "en", "ru", "en-gb", "pt-br": lower-case, as espeak-ng and the prompt file names use them.
    static func isValid(_ code: String) -> Bool {
        let parts = code.split(separator: "-", omittingEmptySubsequences: false)
        guard let first = parts.first, (2...3).contains(first.count),
              first.allSatisfy({ $0.isASCII && $0.isLowercase }) else { return false }
        return parts.dropFirst().allSatisfy { !$0.isEmpty && $0.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber) } }
    }
}
