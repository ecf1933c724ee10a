import Dialogue
import Foundation

/// Loads brands for calls, replays and previews: `voices/<id>.yaml` with its prompt set and flow,
/// checked by the same rules as `ivr voices lint`.
public struct BrandRepository: Sendable {
    /// The folder holding `voices/` and `prompts/`.
    public var root: String
    public var catalog: EspeakCatalog?

    public init(root: String = ".", catalog: EspeakCatalog? = nil) {
        self.root = root
        self.catalog = catalog
    }

    var voicesFolder: String { LintRun.join(root, "voices") }

    /// The ids of the voices there (file names without `.yaml`), sorted.
    public func voiceIDs() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: voicesFolder)) ?? [])
            .filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }.sorted()
    }

    /// The brand of a voice, refused exactly when `ivr voices lint` would report an error for it:
    /// with `catalog` nil, the installed espeak-ng data is found (`EspeakCatalog.installed`), so
    /// voice and variant names are checked as lint checks them. What a replay or a live call
    /// should load. Warnings come back with the brand.
    public func loadChecked(voice id: String, espeakDataPath: String? = nil) throws(BrandConfigError) -> (brand: Brand, warnings: [Diagnostic]) {
        var repository = self
        if repository.catalog == nil { repository.catalog = EspeakCatalog.installed(dataPath: espeakDataPath) }
        return try repository.load(voice: id)
    }

    /// The brand of a voice; throws when a file has errors. Warnings come back with it.
    public func load(voice id: String) throws(BrandConfigError) -> (brand: Brand, warnings: [Diagnostic]) {
        let path = LintRun.join(voicesFolder, "\(id).yaml")
        guard FileManager.default.fileExists(atPath: path) else {
            throw .voiceNotFound(id: id, folder: voicesFolder, available: voiceIDs())
        }
        let run = LintRun(catalog: catalog)
        run.lintVoice(path, root: root)
        let diagnostics = Array(Set(run.log.all)).sorted()
        guard !diagnostics.contains(where: { $0.severity == .error }),
              let voice = VoiceProfileLoader.load(path, log: DiagnosticLog(), catalog: nil) else {
            throw .invalid(diagnostics)
        }
        let (set, flow) = run.loadSet(LintRun.join(LintRun.join(root, "prompts"), voice.profile.promptSet))
        guard let flow else { throw .invalid(diagnostics) }
        return (Brand(voice: voice.profile, prompts: set.set, flow: flow.flow), diagnostics.filter { $0.severity == .warning })
    }
}
