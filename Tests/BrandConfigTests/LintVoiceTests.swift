import BrandConfig
import Testing

/// A broken voice profile of each kind is caught, at its line and column, with what would be right.
@Suite struct LintVoiceTests {
    @Test func theValidBrandIsClean() throws {
        #expect(try TempBrand().messages() == [])
    }

    @Test func rateOutOfRange() throws {
        let brand = try TempBrand()
        try brand.edit(TempBrand.voicePath, "rateWPM: 160", "rateWPM: 900")
        #expect(brand.messages() == ["voices/acme.yaml:9:12: error: rateWPM 900 is out of range 80…450; use a value like 160"])
        #expect(brand.lint().hasErrors)
    }

    @Test func pitchVolumeAndStyleChangesOutOfRange() throws {
        let brand = try TempBrand()
        try brand.edit(TempBrand.voicePath, "pitch: 50", "pitch: 150")
        try brand.edit(TempBrand.voicePath, "volume: 100", "volume: -3")
        try brand.edit(TempBrand.voicePath, "ratePercent: -10", "ratePercent: -80")
        #expect(brand.messages() == [
            "voices/acme.yaml:10:10: error: pitch 150 is out of range 0…99; use a value like 50",
            "voices/acme.yaml:12:11: error: volume -3 is out of range 0…200; use a value like 100",
            "voices/acme.yaml:15:28: error: ratePercent -80 is out of range -50…100; use a value like -10",
        ])
    }

    @Test func misspeltKeySuggestsTheRightOne() throws {
        let brand = try TempBrand()
        try brand.edit(TempBrand.voicePath, "pitchRange: 50", "pitchRang: 50")
        #expect(brand.messages() == ["voices/acme.yaml:11:3: error: unknown key 'pitchRang' in synthesis; did you mean 'pitchRange'?"])
    }

    @Test func unknownKeyWithNoNearNameListsTheAllowedOnes() throws {
        let brand = try TempBrand()
        try brand.edit(TempBrand.voicePath, "disclosure: true", "disclosure: true\nmascot: penguin")
        #expect(brand.messages().first?.hasPrefix("voices/acme.yaml:4:1: error: unknown key 'mascot' in the voice profile; allowed keys: brand, description, languages") == true)
    }

    @Test func wrongTypeAndMissingRequiredKey() throws {
        let brand = try TempBrand()
        try brand.edit(TempBrand.voicePath, "rateWPM: 160", "rateWPM: fast")
        try brand.edit(TempBrand.voicePath, "  voice: en-us\n", "")
        #expect(brand.messages() == [
            "voices/acme.yaml:6:3: error: synthesis has no 'voice'; add 'voice: en-us'",
            "voices/acme.yaml:8:12: error: rateWPM must be a whole number, not 'fast'; use a value like 160",
        ])
    }

    @Test func unknownEmotionAndUnsupportedEngine() throws {
        let brand = try TempBrand()
        try brand.edit(TempBrand.voicePath, "irritated: {", "irritatd: {")
        try brand.edit(TempBrand.voicePath, "engine: espeak-ng", "engine: festival")
        let messages = brand.messages()
        #expect(messages.contains("voices/acme.yaml:6:11: error: engine 'festival' is not supported; use espeak-ng (the embedded engine)"))
        #expect(messages.contains("voices/acme.yaml:15:3: error: unknown emotion 'irritatd' in styles; did you mean 'irritated'?"))
        #expect(messages.contains("voices/acme.yaml:14:3: warning: styles has no 'irritated' style; irritated callers get the neutral delivery; add 'irritated: {variant: …}'"))
    }

    @Test func promptSetNotFoundSuggestsTheNearOne() throws {
        let brand = try TempBrand()
        try brand.edit(TempBrand.voicePath, "promptSet: acme", "promptSet: acne")
        #expect(brand.messages() == [
            "voices/acme.yaml:4:12: error: prompt set 'acne' not found (no folder prompts/acne); did you mean 'acme'?",
        ])
    }

    @Test func disclosureOnNeedsADisclosureLine() throws {
        let brand = try TempBrand()
        try brand.edit(TempBrand.promptsPath, "  disclosure:\n    default: \"I am an automated assistant.\"\n    concise: \"Automated assistant.\"\n", "")
        #expect(brand.messages() == [
            "voices/acme.yaml:3:1: error: disclosure is on, but prompts/acme/en.yaml has no 'disclosure' line; add 'disclosure: {default: \"You are talking to an automated assistant.\"}' under lines, or set 'disclosure: false'",
        ])
        try brand.edit(TempBrand.voicePath, "disclosure: true", "disclosure: false")
        #expect(brand.messages() == [])
    }

    @Test func languageWithoutAPromptFile() throws {
        let brand = try TempBrand()
        try brand.edit(TempBrand.voicePath, "languages: [en]", "languages: [en, ru]")
        #expect(brand.messages() == [
            "voices/acme.yaml:2:17: error: language 'ru' has no prompt file in prompts/acme; add prompts/acme/ru.yaml, or remove 'ru' from languages",
        ])
    }

    @Test func espeakVoiceAndVariantNamesAreChecked() throws {
        let brand = try TempBrand()
        try brand.edit(TempBrand.voicePath, "variant: m3", "variant: grandpaa")
        let catalog = EspeakCatalog(voices: ["en-us", "en-gb", "ru"], variants: ["m3", "grandpa", "f2"])
        #expect(brand.messages(catalog: catalog) == [
            "voices/acme.yaml:8:12: error: variant 'grandpaa' is not an espeak-ng variant; did you mean 'grandpa'?",
        ])
    }

    @Test func duplicateKey() throws {
        let brand = try TempBrand()
        try brand.edit(TempBrand.voicePath, "  volume: 100\n", "  volume: 100\n  pitch: 40\n")
        #expect(brand.messages() == ["voices/acme.yaml:13:3: error: 'pitch' is written twice in synthesis (first at line 10); keep one; the entries would silently replace each other"])
    }

    @Test func yamlSyntaxErrorHasItsPlace() throws {
        let brand = try TempBrand()
        try brand.edit(TempBrand.voicePath, "  pitch: 50\n", "  pitch: 50\n bad indent: [\n")
        let messages = brand.messages()
        #expect(messages.count == 1)
        #expect(messages.first?.hasPrefix("voices/acme.yaml:11:") == true)
        #expect(messages.first?.contains("error: not valid YAML") == true)
    }
}
