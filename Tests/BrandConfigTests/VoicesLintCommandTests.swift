import Foundation
import Testing
import TestSupport

/// `ivr voices lint` as a user runs it: exit status 1 on errors only.
@Suite struct VoicesLintCommandTests {
    @Test func shippedBrandsPassWithExitZero() throws {
        let r = try IVRExecutable.run(["voices", "lint"])
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.hasSuffix("6 files checked: 0 errors, 0 warnings\n"))
    }

    @Test func oneVoiceFileChecksItsPromptSetToo() throws {
        let r = try IVRExecutable.run(["voices", "lint", "voices/pharmacy-grandpa.yaml"])
        #expect(r.status == 0)
        #expect(r.stdout == "2 files checked: 0 errors, 0 warnings\n")
    }

    @Test func everyKindOfPathFindsItsBrand() throws {
        for (path, count) in [(".", 6), ("voices", 6), ("prompts/", 6), ("prompts/claims", 2), ("prompts/pharmacy/ru.yaml", 2)] {
            let r = try IVRExecutable.run(["voices", "lint", path])
            #expect(r.status == 0 && !r.crashed, "\(path): \(r.stdout)\(r.stderr)")
            #expect(r.stdout == "\(count) files checked: 0 errors, 0 warnings\n", "\(path)")
        }
    }

    @Test func errorsExitOne() throws {
        let brand = try TempBrand()
        try brand.edit(TempBrand.voicePath, "rateWPM: 160", "rateWPM: 900")
        let r = try IVRExecutable.run(["voices", "lint"], in: brand.root)
        #expect(r.status == 1)
        #expect(r.stdout.hasPrefix("voices/acme.yaml:9:12: error: rateWPM 900 is out of range 80…450; use a value like 160\n"))
    }

    @Test func warningsAlonePrintButExitZero() throws {
        let brand = try TempBrand()
        try brand.edit(TempBrand.promptsPath, "    concise: \"9 to 5.\"\n", "")
        let r = try IVRExecutable.run(["voices", "lint", "prompts/acme"], in: brand.root)
        #expect(r.status == 0)
        #expect(r.stdout.contains("prompts/acme/en.yaml:12:3: warning: 'hours' has no 'concise' wording"))
        #expect(r.stdout.hasSuffix("0 errors, 1 warning\n"))
    }

    @Test func missingPathIsAnError() throws {
        let r = try IVRExecutable.run(["voices", "lint", "voices/nope.yaml"])
        #expect(r.status == 1)
        #expect(r.stdout.hasPrefix("voices/nope.yaml:1:1: error: no such file or folder"))
    }
}
