import Dialogue
import Foundation

/// The findings of one lint run, sorted by file, line and column.
public struct LintReport: Sendable {
    public var diagnostics: [Diagnostic]
    /// The voice files and prompt set folders checked.
    public var checked: [String]

    public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }
    public var warnings: [Diagnostic] { diagnostics.filter { $0.severity == .warning } }
    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    /// "3 voices and prompt sets checked: 1 error, 2 warnings"
    public var summary: String {
        func count(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
        return "\(count(checked.count, "file")) checked: \(count(errors.count, "error")), \(count(warnings.count, "warning"))"
    }
}

/// `ivr voices lint`: checks voice profiles, prompt sets and flows, alone and against each other.
public struct BrandLint {
    /// The folder holding `voices/` and `prompts/`.
    public var root: String
    /// espeak-ng's voices and variants, when installed (nil skips those checks).
    public var catalog: EspeakCatalog?

    public init(root: String = ".", catalog: EspeakCatalog? = nil) {
        self.root = root
        self.catalog = catalog
    }

    /// Lints the given voice files, prompt set folders (or files in them), `voices/` or
    /// `prompts/` folders, or a repository root; no paths: everything under `root`.
    public func lint(paths: [String]) -> LintReport {
        let run = LintRun(catalog: catalog)
        if paths.isEmpty {
            run.lintEverything(under: root)
        } else {
            for path in paths { run.lint(path) }
        }
        return LintReport(diagnostics: Array(Set(run.log.all)).sorted(), checked: run.checked)
    }
}

/// One lint run: loads each file once, cross-checks each voice with its prompt set.
final class LintRun {
    let log = DiagnosticLog()
    let catalog: EspeakCatalog?
    private var voicesDone: Set<String> = []
    private var setsDone: Set<String> = []
    private var setsLoaded: [String: (LoadedPromptSet, LoadedFlow?)] = [:]
    private(set) var checked: [String] = []

    init(catalog: EspeakCatalog?) { self.catalog = catalog }

    static func join(_ a: String, _ b: String) -> String {
        a == "." ? b : (a.hasSuffix("/") ? a + b : a + "/" + b)
    }

    func lintEverything(under root: String) {
        let voices = Self.join(root, "voices"), prompts = Self.join(root, "prompts")
        if !isDirectory(voices) && !isDirectory(prompts) {
            log.error(SourceLocation(file: root, line: 1, column: 1), "no voices/ or prompts/ folder here",
                      fix: "run from the repository root, or name the files to check")
            return
        }
        for file in yamlFiles(in: voices) { lintVoice(Self.join(voices, file), root: root) }
        for set in subdirectories(of: prompts) { lintSet(Self.join(prompts, set), root: root) }
    }

    func lint(_ path: String) {
        let trimmed = Self.trimSlashes(path)
        let name = URL(fileURLWithPath: trimmed).standardizedFileURL.lastPathComponent
        let parent = Self.parent(trimmed)
        let parentName = URL(fileURLWithPath: parent).standardizedFileURL.lastPathComponent
        if !FileManager.default.fileExists(atPath: trimmed) {
            log.error(SourceLocation(file: path, line: 1, column: 1), "no such file or folder",
                      fix: "name a voice file (voices/<id>.yaml), a prompt set folder (prompts/<set>) or a file in one")
        } else if isDirectory(trimmed) {
            if name == "voices" {
                for file in yamlFiles(in: trimmed) { lintVoice(Self.join(trimmed, file), root: parent) }
            } else if name == "prompts" {
                for set in subdirectories(of: trimmed) { lintSet(Self.join(trimmed, set), root: parent) }
            } else if parentName == "prompts" || FileManager.default.fileExists(atPath: Self.join(trimmed, "flow.yaml")) {
                lintSet(trimmed, root: Self.parent(parent))
            } else {
                lintEverything(under: trimmed)
            }
        } else if parentName == "voices" {
            lintVoice(trimmed, root: Self.parent(parent))
        } else if trimmed.hasSuffix(".yaml") {
            // A file inside a prompt set: lint the whole set.
            lintSet(parent, root: Self.parent(Self.parent(parent)))
        } else {
            log.error(SourceLocation(file: path, line: 1, column: 1), "not a voice profile or a prompt set file",
                      fix: "name a .yaml file under voices/ or prompts/<set>/")
        }
    }

    static func trimSlashes(_ path: String) -> String {
        var result = path
        while result.count > 1, result.hasSuffix("/") { result.removeLast() }
        return result.isEmpty ? "." : result
    }

    /// The folder holding `path`, as a path to show ("voices/a.yaml" → "voices", "a.yaml" → ".",
    /// "." → ".."); string-based, so relative paths stay relative.
    static func parent(_ path: String) -> String {
        let path = trimSlashes(path)
        if path == "." { return ".." }
        if path == ".." || path.hasSuffix("/..") { return path + "/.." }
        guard let slash = path.lastIndex(of: "/") else { return "." }
        if slash == path.startIndex { return "/" }
        let head = String(path[..<slash])
        return head == "." ? "." : head
    }

    func lintVoice(_ path: String, root: String) {
        guard voicesDone.insert(path).inserted else { return }
        checked.append(path)
        guard let voice = VoiceProfileLoader.load(path, log: log, catalog: catalog) else { return }
        let prompts = Self.join(root, "prompts")
        let setPath = Self.join(prompts, voice.profile.promptSet)
        guard isDirectory(setPath) else {
            log.error(voice.marks.promptSet ?? voice.marks.top,
                      "prompt set '\(voice.profile.promptSet)' not found (no folder \(setPath))",
                      fix: Suggestion.didYouMean(voice.profile.promptSet, in: subdirectories(of: prompts))
                        ?? "create \(setPath)/ with flow.yaml and a file per language")
            return
        }
        let (set, flow) = loadSet(setPath)
        var used: [String: Set<PromptKey>] = [:]
        if let flow {
            let checks = PromptChecks(prompts: set, flow: flow, log: log)
            for language in set.files.keys { used[language] = checks.usedKeys(in: language) }
        }
        VoiceChecks(voice: voice, prompts: set, usedKeys: used, log: log).run()
    }

    func lintSet(_ path: String, root: String) {
        _ = loadSet(path)
        // Voices that speak this set are checked against it too.
        let voices = Self.join(root, "voices")
        let id = URL(fileURLWithPath: path).lastPathComponent
        for file in yamlFiles(in: voices) {
            let voicePath = Self.join(voices, file)
            guard !voicesDone.contains(voicePath), Self.promptSetName(ofVoice: voicePath) == id else { continue }
            lintVoice(voicePath, root: root)
        }
    }

    /// Loads (once) a prompt set and its flow, checks them and each against the other.
    func loadSet(_ path: String) -> (LoadedPromptSet, LoadedFlow?) {
        if let done = setsLoaded[path] { return done }
        if setsDone.insert(path).inserted { checked.append(path) }
        let set = PromptSetLoader.load(path, log: log)
        if set.files.isEmpty, PromptSetLoader.languageFiles(in: path).isEmpty {
            log.error(SourceLocation(file: path, line: 1, column: 1), "prompt set has no language file",
                      fix: "add \(path)/en.yaml (one file per language, named by its code)")
        }
        let flowPath = Self.join(path, "flow.yaml")
        var flow: LoadedFlow?
        if FileManager.default.fileExists(atPath: flowPath) {
            flow = FlowLoader.load(flowPath, log: log)
        } else {
            log.error(SourceLocation(file: path, line: 1, column: 1), "prompt set has no flow.yaml",
                      fix: "add \(flowPath) with the states of the dialogue")
        }
        if let flow { PromptChecks(prompts: set, flow: flow, log: log).run() }
        setsLoaded[path] = (set, flow)
        return (set, flow)
    }

    /// The `promptSet:` of a voice file, read cheaply (for finding the voices of a set).
    static func promptSetName(ofVoice path: String) -> String? {
        let scratch = DiagnosticLog()
        guard let file = YAMLFile.read(path, log: scratch), let fields = Fields(file.root, file: path, log: scratch, context: "") else {
            return nil
        }
        return fields.value("promptSet")?.scalar?.string
    }

    func isDirectory(_ path: String) -> Bool {
        var isDir: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDir) && isDir.boolValue
    }

    func yamlFiles(in directory: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { $0.hasSuffix(".yaml") }.sorted()
    }

    func subdirectories(of directory: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
            .filter { isDirectory(Self.join(directory, $0)) }.sorted()
    }
}
