import AudioCore
import AudioFiles
import BrandConfig
import Foundation
import Testing
import TestSupport

/// Issue 12's brand-file reproducers: each crashed, hung, blew up or was silently accepted.
@Suite struct HostileBrandTests {
    private func errors(_ brand: TempBrand, catalog: EspeakCatalog? = nil) -> [String] {
        brand.messages(catalog: catalog).filter { $0.contains(": error: ") }
    }

    @Test("5,000 nested lists (flow style) are refused at their place, not a stack overflow")
    func deepFlowNesting() throws {
        let brand = try TempBrand()
        try brand.write(TempBrand.flowPath, "start: greeting\nstates: " + String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000) + "\n")
        #expect(errors(brand) == ["prompts/acme/flow.yaml:2:40: error: nesting deeper than 32 levels; brand files nest at most a few levels (see README \"Brand configuration\")"])
    }

    @Test("5,000 nested lists (block style '- - -') and deep indentation are refused too")
    func deepBlockNesting() throws {
        let brand = try TempBrand()
        try brand.write(TempBrand.flowPath, "states:\n  " + String(repeating: "- ", count: 5000) + "x\n")
        #expect(errors(brand).first?.hasPrefix("prompts/acme/flow.yaml:2:") == true)
        #expect(errors(brand).first?.contains("nesting deeper than 32 levels") == true)
        var text = ""
        for level in 0..<200 { text += String(repeating: " ", count: level) + "k\(level):\n" }
        try brand.write(TempBrand.promptsPath, text + String(repeating: " ", count: 200) + "v\n")
        #expect(errors(brand).contains { $0.hasPrefix("prompts/acme/en.yaml:33:") && $0.contains("nesting deeper") })
    }

    @Test("a list with aliases as a state name is refused as not a name (no exponential output)")
    func nonScalarKey() throws {
        let brand = try TempBrand()
        try brand.edit(TempBrand.flowPath, "  human:\n    say: human", "  ? &a [x, x]\n  : {say: hours, next: menu}\n  ? [*a, *a, *a, *a]\n  : {say: hours, next: menu}\n  human:\n    say: human")
        let found = errors(brand)
        #expect(found.count == 2, "\(found)")
        #expect(found.allSatisfy { $0.contains("a key in states is a list, not a name") })
    }

    @Test("aliases of aliases that would expand a billion-fold are refused")
    func billionLaughs() throws {
        let brand = try TempBrand()
        var text = "description: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for i in 1..<9 { text += "k\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 6).joined(separator: ", ") + "]\n" }
        try brand.write(TempBrand.flowPath, text)
        #expect(errors(brand).contains { $0.contains("aliases expand to more than 100000 values") })
    }

    @Test("a 1 MB prompt line is refused with the bound and why")
    func hugePromptLine() throws {
        let brand = try TempBrand()
        try brand.edit(TempBrand.promptsPath, "    default: \"Nine to five.\"", "    default: \"" + String(repeating: "nine ", count: 200_000) + "\"")
        #expect(errors(brand) == ["prompts/acme/en.yaml:13:14: error: 'hours' default is 1000000 characters long; a line may have at most 500 (about 30 s of speech: callers do not follow longer prompts); split it into several lines said one after another ('say: [part1, part2]')"])
    }

    @Test("a brand file over 1 MiB is refused before it is parsed")
    func hugeFile() throws {
        let brand = try TempBrand()
        try brand.write(TempBrand.promptsPath, TempBrand.prompts + "# " + String(repeating: "x", count: 1 << 20) + "\n")
        #expect(errors(brand).contains { $0.hasPrefix("prompts/acme/en.yaml:1:1: error: the file is") && $0.contains("at most 1048576 bytes") })
    }

    @Test("duplicate states, digit keys (1 and \"1\") and lines are errors, not the later silently winning")
    func duplicates() throws {
        let brand = try TempBrand()
        try brand.edit(TempBrand.flowPath, "      1: hours\n", "      1: hours\n      \"1\": human\n")
        try brand.edit(TempBrand.flowPath, "  human:\n    say: human\n    transfer: queue:agents\n",
                       "  human:\n    say: human\n    transfer: queue:agents\n  hours:\n    say: menu\n    next: menu\n")
        try brand.edit(TempBrand.promptsPath, "  no_match:\n", "  hours: \"Again.\"\n  no_match:\n")
        let found = errors(brand)
        #expect(found.contains { $0.contains("flow.yaml:14:7: error: '1' is written twice in digits of state 'menu' (first at line 13)") }, "\(found)")
        #expect(found.contains { $0.contains("flow.yaml:21:3: error: 'hours' is written twice in states (first at line 15)") }, "\(found)")
        #expect(found.contains { $0.contains("en.yaml:21:3: error: 'hours' is written twice in lines (first at line 12)") }, "\(found)")
    }

    @Test("a digit as finishKey is refused; '#' and '*' are fine")
    func digitFinishKey() throws {
        let brand = try TempBrand()
        try brand.edit(TempBrand.flowPath, "    input: dtmf\n", "    input: {type: dtmf, maxDigits: 4, finishKey: \"1\"}\n")
        #expect(errors(brand).contains { $0.contains("finishKey '1' is a key callers type in numbers and menus") })
        try brand.edit(TempBrand.flowPath, "finishKey: \"1\"", "finishKey: \"*\"")
        #expect(errors(brand) == [])
    }

    private func chain(_ n: Int, loop: Bool = false) -> String {
        var text = "start: s0\nhuman: {key: none}\nstates:\n"
        for i in 0..<n { text += "  s\(i): {next: \(i == n - 1 ? (loop ? "s0" : "menu") : "s\(i + 1)")}\n" }
        return text + "  menu: {say: menu, input: dtmf, digits: {1: hours}}\n  hours: {say: hours, hangup: completed}\n"
    }

    @Test("64 states in a row that wait for nothing fail a call: lint says so; 63 are fine")
    func movesWithoutWaiting() throws {
        let brand = try TempBrand()
        try brand.write(TempBrand.flowPath, chain(64))
        #expect(errors(brand).contains { $0.contains("flow.yaml:4:3: error: from state 's0' the flow moves through 64 states that say nothing and wait for nothing") }, "\(errors(brand))")
        try brand.write(TempBrand.flowPath, chain(63))
        #expect(!errors(brand).contains { $0.contains("wait for nothing") }, "\(errors(brand))")
        try brand.write(TempBrand.flowPath, chain(3, loop: true))
        #expect(errors(brand).contains { $0.contains("is in a loop of states that say nothing and wait for nothing") }, "\(errors(brand))")
    }

    @Test("a state that says 21 lines in a row is refused (each is prepared when the state is entered)")
    func tooManyLines() throws {
        let brand = try TempBrand()
        try brand.edit(TempBrand.flowPath, "    say: hours\n", "    say: [" + Array(repeating: "hours", count: 21).joined(separator: ", ") + "]\n")
        #expect(errors(brand) == ["prompts/acme/flow.yaml:15:10: error: say of state 'hours' lists 21 lines; a state says at most 20; split the state into several, one after another ('next:')"])
    }

    @Test("rateWPM 1e30 is out of range, not 'must be a whole number'")
    func hugeNumber() throws {
        let brand = try TempBrand()
        try brand.edit(TempBrand.voicePath, "rateWPM: 160", "rateWPM: 1e30")
        #expect(errors(brand) == ["voices/acme.yaml:9:12: error: rateWPM 1e30 is out of range 80…450; use a value like 160"])
    }

    // MARK: recordings are decoded, not only found

    private func recordingErrors(_ file: String, bytes: Data? = nil, link: String? = nil) throws -> [String] {
        let brand = try TempBrand(file.filter(\.isLetter))
        let path = "prompts/acme/audio/\(file)"
        if let bytes { try brand.write(path, bytes: bytes) }
        if let link {
            try FileManager.default.createDirectory(at: brand.root.appendingPathComponent("prompts/acme/audio"), withIntermediateDirectories: true)
            try FileManager.default.createSymbolicLink(atPath: brand.root.appendingPathComponent(path).path, withDestinationPath: link)
        }
        try brand.edit(TempBrand.promptsPath, "    default: \"Nine to five.\"", "    default: {text: \"Nine to five.\", audio: audio/\(file)}")
        return errors(brand)
    }

    @Test("prompt recordings that are a device, a folder, 4 kHz, 384 kHz, cut, random bytes or NaN are errors")
    func badRecordings() throws {
        let tone = WAVBytes.tone(hz: 440, rateHz: 8000, count: 4000)
        let pcm = WAVBytes.pcm16Payload(tone.map { Int16($0 * 32767) })
        var random = SplitMix64(seed: 12)
        let cases: [(String, Data?, String?, String)] = [
            ("zero.wav", nil, "/dev/zero", "it is a device"),
            ("dir.wav", nil, "/tmp", "it is a directory"),
            ("4k.wav", WAVBytes.make(.pcm16, rateHz: 4000, payload: pcm), nil, "sample rate 4000 Hz"),
            ("384k.wav", WAVBytes.make(.pcm16, rateHz: 384_000, payload: pcm), nil, "sample rate 384000 Hz"),
            ("cut.wav", WAVBytes.make(.pcm16, rateHz: 8000, payload: pcm).prefix(3000), nil, "truncated"),
            ("noise.wav", Data((0..<5000).map { _ in UInt8.random(in: 0...255, using: &random) }), nil, "not an audio file"),
            ("nan.wav", WAVBytes.make(.float32, rateHz: 8000, payload: WAVBytes.floatPayload(tone.map { $0 > 0.4 ? .nan : $0 })), nil, "NaN or infinite samples"),
        ]
        for (file, bytes, link, words) in cases {
            let found = try recordingErrors(file, bytes: bytes, link: link)
            #expect(found.count == 1 && found[0].contains("audio file 'audio/\(file)'") && found[0].contains(words), "\(file): \(found)")
        }
        #expect(try recordingErrors("good.wav", bytes: TempBrand.recording) == [])
    }

    // MARK: what replay loads

    @Test("loadChecked refuses an espeak-ng voice lint rejects; load without a catalog does not check it")
    func loadCheckedUsesTheCatalog() throws {
        let brand = try TempBrand()
        try brand.edit(TempBrand.voicePath, "voice: en-us", "voice: en-xx")
        let catalog = EspeakCatalog(voices: ["en-us"], variants: ["m3"])
        #expect(throws: BrandConfigError.self) { try BrandRepository(root: brand.root.path, catalog: catalog).loadChecked(voice: "acme") }
        do {
            _ = try BrandRepository(root: brand.root.path, catalog: catalog).loadChecked(voice: "acme")
        } catch {
            #expect(error.description.contains("voice 'en-xx' is not an espeak-ng voice"))
        }
        try brand.edit(TempBrand.voicePath, "voice: en-xx", "voice: en-us")
        #expect(try BrandRepository(root: brand.root.path, catalog: catalog).loadChecked(voice: "acme").brand.voice.synthesis.voice == "en-us")
    }
}
