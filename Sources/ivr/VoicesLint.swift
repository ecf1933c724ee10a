import ArgumentParser
import BrandConfig
import Foundation

/// `ivr voices …`: brand voice profiles and prompt sets.
struct Voices: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Brand voices: check voice profiles, prompt sets and flows.",
        subcommands: [VoicesLint.self, VoicesPreview.self])
}

/// `ivr voices lint [PATH…]`: every problem with its file:line:column and what would be right.
struct VoicesLint: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Check voice profiles, prompt sets and flows.",
        discussion: """
            PATH may be a voice file (voices/<id>.yaml), a prompt set folder (prompts/<set>) or a file \
            in one, or a voices/ or prompts/ folder. Without PATH: everything under voices/ and prompts/ \
            of --root. A voice is checked with its prompt set and flow. Exits 1 when there are errors; \
            warnings (e.g. a missing style variant that falls back to default) are printed but exit 0.
            """)

    @Argument(help: "Files or folders to check (default: all of voices/ and prompts/).", completion: .file())
    var paths: [String] = []

    @Option(help: "The folder holding voices/ and prompts/.")
    var root = "."

    @Option(help: "espeak-ng's data folder, to check voice and variant names (default: ESPEAK_DATA_PATH or the installed one).")
    var espeakData: String?

    @Flag(help: "Print errors only.")
    var quiet = false

    func run() throws {
        let dataPath = espeakData ?? ProcessInfo.processInfo.environment["ESPEAK_DATA_PATH"]
        let catalog = EspeakCatalog.installed(dataPath: dataPath)
        if let espeakData, catalog == nil {
            throw CLIError("\(espeakData) is not an espeak-ng data folder (it has no lang/ and voices/!v/)")
        }
        let report = BrandLint(root: root, catalog: catalog).lint(paths: paths)
        for diagnostic in report.diagnostics where !quiet || diagnostic.severity == .error {
            print(diagnostic.description)
        }
        if catalog == nil {
            FileHandle.standardError.write(Data("ivr: espeak-ng data not found; voice and variant names not checked\n".utf8))
        }
        print(report.summary)
        if report.hasErrors { throw ExitCode(1) }
    }
}
