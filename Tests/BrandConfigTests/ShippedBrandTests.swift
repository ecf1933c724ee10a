import BrandConfig
import Dialogue
import Foundation
import Testing
import TestSupport

/// The brands in voices/ and prompts/: clean, loadable, distinct, and speakable by espeak-ng.
@Suite struct ShippedBrandTests {
    static let root = Paths.repoRoot.path
    static let voices = ["claims-24x7", "pharmacy-grandpa", "youth-fashion"]
    static let catalog = EspeakCatalog.standardDataPaths.lazy.compactMap(EspeakCatalog.load(dataPath:)).first

    func brand(_ id: String) throws -> Brand {
        try BrandRepository(root: Self.root, catalog: Self.catalog).load(voice: id).brand
    }

    @Test func shippedBrandsLintClean() {
        let report = BrandLint(root: Self.root, catalog: Self.catalog).lint(paths: [])
        #expect(report.diagnostics.map(\.description) == [])
        #expect(report.checked.count == 6)
    }

    @Test func repositoryListsAndLoadsEveryVoice() throws {
        let repository = BrandRepository(root: Self.root)
        #expect(repository.voiceIDs() == Self.voices)
        for id in Self.voices {
            let (brand, warnings) = try repository.load(voice: id)
            #expect(warnings.isEmpty)
            #expect(brand.voice.id == id)
            #expect(brand.flow.state(brand.flow.human.state) != nil)
        }
    }

    @Test func unknownVoiceSuggestsTheNearest() {
        #expect(throws: BrandConfigError.self) { try BrandRepository(root: Self.root).load(voice: "pharmacy") }
        let error = #expect(throws: BrandConfigError.self) {
            try BrandRepository(root: Self.root).load(voice: "youth-fashon")
        }
        #expect(error?.description.hasSuffix("(did you mean 'youth-fashion'?)") == true)
    }

    @Test func everyLineHasEveryStandardVariantInEveryLanguage() throws {
        for id in Self.voices {
            let brand = try brand(id)
            for language in brand.voice.languages {
                let lines = try #require(brand.prompts.languages[language]).lines
                for (key, variants) in lines {
                    #expect(Set(variants.keys) == Set(PromptVariant.standard), "\(id) \(language) \(key)")
                }
            }
        }
    }

    /// Pharmacy: slow and low; claims: measured and level; youth: fast, high and wide.
    @Test func theThreeVoicesSoundClearlyDifferent() throws {
        let pharmacy = try brand("pharmacy-grandpa").voice.synthesis(language: "en", emotion: .neutral)
        let claims = try brand("claims-24x7").voice.synthesis(language: "en", emotion: .neutral)
        let youth = try brand("youth-fashion").voice.synthesis(language: "en", emotion: .neutral)
        #expect(pharmacy.rateWPM < claims.rateWPM && claims.rateWPM < youth.rateWPM)
        #expect(pharmacy.pitch < claims.pitch && claims.pitch < youth.pitch)
        #expect(claims.pitchRange < pharmacy.pitchRange && pharmacy.pitchRange < youth.pitchRange)
        #expect(Set([pharmacy.espeakVoiceName, claims.espeakVoiceName, youth.espeakVoiceName]).count == 3)
        #expect(try brand("pharmacy-grandpa").voice.synthesis(language: "ru", emotion: .neutral).espeakVoiceName == "ru+grandpa")
    }

    /// A language's voice keeps what it leaves unset from the base (pharmacy's ru sets voice,
    /// variant and rate; pitch 22, range 45 and volume 110 are the English voice's).
    @Test func aLanguageVoiceKeepsTheBaseForWhatItLeavesUnset() throws {
        #expect(try brand("pharmacy-grandpa").voice.synthesis(language: "ru", emotion: .neutral)
                == SynthesisSettings(voice: "ru", variant: "grandpa", rateWPM: 125, pitch: 22, pitchRange: 45, volume: 110))
    }

    /// Irritated callers get a slower, lower, narrower delivery in every brand.
    @Test func irritatedStyleIsSlowerLowerNarrower() throws {
        for id in Self.voices {
            let voice = try brand(id).voice
            let calm = voice.synthesis(language: voice.defaultLanguage, emotion: .neutral)
            let irritated = voice.synthesis(language: voice.defaultLanguage, emotion: .irritated)
            #expect(irritated.rateWPM < calm.rateWPM && irritated.pitch < calm.pitch && irritated.pitchRange < calm.pitchRange, "\(id)")
            #expect(voice.style(for: .irritated).variant == .concise)
            #expect(voice.style(for: .anxious).variant == .reassuring)
            #expect(voice.style(for: .bored).extra == .fact)
            #expect(voice.style(for: .cheerful).extra == .joke)
        }
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/espeak-ng")))
    func espeakSpeaksEveryVoiceInEveryStyle() throws {
        let out = try Paths.temporaryDirectory().appendingPathComponent("line.wav")
        for id in Self.voices {
            let brand = try brand(id)
            for language in brand.voice.languages {
                for emotion in CallerEmotion.allCases {
                    let s = brand.voice.synthesis(language: language, emotion: emotion)
                    let text = try #require(brand.prompts.line("goodbye", variant: .default, language: language)).line.text
                    let process = Process()
                    process.executableURL = URL(fileURLWithPath: "/usr/bin/espeak-ng")
                    process.arguments = ["-v", s.espeakVoiceName, "-s", "\(s.rateWPM)", "-p", "\(s.pitch)",
                                         "-a", "\(s.volume)", "-w", out.path, text]
                    let errors = Pipe()
                    process.standardError = errors
                    try process.run()
                    process.waitUntilExit()
                    let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                    #expect(process.terminationStatus == 0 && message.isEmpty, "\(id) \(language) \(emotion): \(message)")
                    let size = try FileManager.default.attributesOfItem(atPath: out.path)[.size] as? Int ?? 0
                    #expect(size > 10_000, "\(id) \(language) \(emotion): \(size) bytes")
                }
            }
        }
    }
}
