import BrandConfig
import Foundation
import TestSupport

/// A small valid brand ("acme") written to a temporary folder, to break one thing at a time.
/// Line numbers in the tests refer to these texts.
struct TempBrand {
    static let voice = """
        brand: Acme
        languages: [en]
        disclosure: true
        promptSet: acme
        synthesis:
          engine: espeak-ng
          voice: en-us
          variant: m3
          rateWPM: 160
          pitch: 50
          pitchRange: 50
          volume: 100
        styles:
          neutral: {variant: default}
          irritated: {ratePercent: -10, variant: concise}
          anxious: {variant: default}
          bored: {variant: default}
          cheerful: {variant: default}

        """
    static let prompts = """
        language: en
        lines:
          greeting:
            default: "Hello."
            concise: "Hi."
          disclosure:
            default: "I am an automated assistant."
            concise: "Automated assistant."
          menu:
            default: "Press 1 for hours."
            concise: "Hours, 1."
          hours:
            default: "Nine to five."
            concise: "9 to 5."
          human:
            default: "Connecting you."
            concise: "Connecting."
          no_input:
            default: "Sorry?"
            concise: "Sorry?"
          no_match:
            default: "Not an option."
            concise: "No."

        """
    static let flow = """
        start: greeting
        human:
          key: "0"
          state: human
        states:
          greeting:
            say: greeting
            next: menu
          menu:
            say: menu
            input: dtmf
            digits:
              1: hours
          hours:
            say: hours
            next: menu
          human:
            say: human
            transfer: queue:agents

        """

    let root: URL
    static let voicePath = "voices/acme.yaml"
    static let promptsPath = "prompts/acme/en.yaml"
    static let flowPath = "prompts/acme/flow.yaml"

    init(_ name: String = #function) throws {
        root = try Paths.temporaryDirectory(name)
        try write(Self.voicePath, Self.voice)
        try write(Self.promptsPath, Self.prompts)
        try write(Self.flowPath, Self.flow)
    }

    func write(_ path: String, _ text: String) throws {
        let url = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
    }

    func write(_ path: String, bytes: Data) throws {
        let url = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try bytes.write(to: url)
    }

    /// A valid prompt recording: 0.5 s of a 440 Hz tone, 16-bit, 8 kHz.
    static let recording = WAVBytes.make(.pcm16, rateHz: 8000, payload: WAVBytes.pcm16Payload(
        WAVBytes.tone(hz: 440, rateHz: 8000, count: 4000).map { Int16($0 * 32767) }))

    /// Replaces one exact piece of a file (it must be there).
    func edit(_ path: String, _ old: String, _ new: String) throws {
        let url = root.appendingPathComponent(path)
        let text = try String(contentsOf: url, encoding: .utf8)
        precondition(text.contains(old), "\(path) has no \(old)")
        try text.replacingOccurrences(of: old, with: new).write(to: url, atomically: true, encoding: .utf8)
    }

    func lint(catalog: EspeakCatalog? = nil) -> LintReport {
        BrandLint(root: root.path, catalog: catalog).lint(paths: [])
    }

    /// The diagnostics as printed, with the temporary folder taken off the paths.
    func messages(catalog: EspeakCatalog? = nil) -> [String] {
        lint(catalog: catalog).diagnostics.map { $0.description.replacingOccurrences(of: root.path + "/", with: "") }
    }
}
