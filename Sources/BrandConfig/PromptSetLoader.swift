import Dialogue
import Foundation
import Yams

/// Reads a prompt set folder: one `<language>.yaml` per language (schema: README
/// "Brand configuration"); `flow.yaml` beside them is the flow's.
enum PromptSetLoader {
    static let topKeys = ["language", "lines", "extras"]
    static let lineKeys = ["text", "audio"]

    static func load(_ directory: String, log: DiagnosticLog) -> LoadedPromptSet {
        let id = URL(fileURLWithPath: directory).lastPathComponent
        var result = LoadedPromptSet(set: PromptSet(id: id, languages: []), directory: directory, files: [:])
        var languages: [LanguagePrompts] = []
        for name in languageFiles(in: directory) {
            let language = String(name.dropLast(".yaml".count))
            let path = join(directory, name)
            guard LanguageCode.isValid(language) else {
                log.error(SourceLocation(file: path, line: 1, column: 1),
                          "'\(name)' is neither flow.yaml nor a language file",
                          fix: "name language files by their code (en.yaml, ru.yaml) or move this file elsewhere")
                continue
            }
            if let prompts = loadLanguage(path, language: language, directory: directory, log: log, marks: &result.marks) {
                languages.append(prompts)
                result.files[language] = path
            }
        }
        result.set = PromptSet(id: id, languages: languages)
        return result
    }

    /// The `.yaml` files of a set other than `flow.yaml`, sorted.
    static func languageFiles(in directory: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { $0.hasSuffix(".yaml") && $0 != "flow.yaml" }.sorted()
    }

    static func loadLanguage(_ path: String, language: String, directory: String, log: DiagnosticLog,
                             marks: inout PromptMarks) -> LanguagePrompts? {
        guard let file = YAMLFile.read(path, log: log),
              let top = Fields(file.root, file: path, log: log, context: "the prompt file") else { return nil }
        top.checkKeys(topKeys)
        marks.files[language] = top.location
        if let declared = top.string("language"), declared != language {
            log.error(top.location(top.value("language")!), "language '\(declared)' does not match the file name \(language).yaml",
                      fix: "write 'language: \(language)' or rename the file to \(declared).yaml")
        }
        var prompts = LanguagePrompts(language: language)
        if let node = top.value("lines"), let lines = Fields(node, file: path, log: log, context: "lines") {
            for pair in lines.pairs {
                let key = PromptKey(pair.key)
                marks.lines[language, default: [:]][key] = lines.location(pair.keyNode)
                prompts.lines[key] = readVariants(pair.value, key: key, language: language, directory: directory,
                                                  file: path, log: log, marks: &marks)
            }
        } else if top.value("lines") == nil {
            top.missing("lines", example: "{greeting: {default: \"Hello!\"}}")
        }
        if let node = top.value("extras"), let extras = Fields(node, file: path, log: log, context: "extras") {
            extras.checkKeys(PromptExtraKind.allCases.map(\.rawValue))
            for kind in PromptExtraKind.allCases {
                guard let list = extras.value(kind.rawValue) else { continue }
                guard let items = list.sequence else {
                    log.error(extras.location(list), "extras.\(kind) must be a list of lines",
                              fix: "write each \(kind) on its own '- ' line")
                    continue
                }
                prompts.extras[kind] = items.compactMap {
                    readLine($0, what: "extras.\(kind)", directory: directory, file: path, log: log)
                }
            }
        }
        return prompts
    }

    static func readVariants(_ node: Node, key: PromptKey, language: String, directory: String, file: String,
                             log: DiagnosticLog, marks: inout PromptMarks) -> [PromptVariant: PromptLine] {
        // A plain text is the default wording.
        if node.scalar != nil {
            return readLine(node, what: "line '\(key)'", directory: directory, file: file, log: log)
                .map { [.default: $0] } ?? [:]
        }
        guard let fields = Fields(node, file: file, log: log, context: "line '\(key)'") else { return [:] }
        var variants: [PromptVariant: PromptLine] = [:]
        for pair in fields.pairs {
            let variant = PromptVariant(pair.key)
            marks.variants[language, default: [:]][key, default: [:]][variant] = fields.location(pair.keyNode)
            variants[variant] = readLine(pair.value, what: "'\(key)' \(variant)", directory: directory, file: file, log: log)
        }
        if variants[.default] == nil, !fields.pairs.isEmpty {
            log.error(fields.location, "line '\(key)' has no default wording",
                      fix: "add 'default:' — every other variant falls back to it")
        }
        return variants
    }

    /// A line: a text, or `{text, audio}` with the recording's path relative to the set's folder.
    static func readLine(_ node: Node, what: String, directory: String, file: String, log: DiagnosticLog) -> PromptLine? {
        if let scalar = node.scalar {
            guard !scalar.string.trimmingCharacters(in: .whitespaces).isEmpty else {
                log.error(YAMLFile.location(node, in: file), "\(what) is empty", fix: "write the text, or remove the line")
                return nil
            }
            checkLength(scalar.string, at: YAMLFile.location(node, in: file), what: what, log: log)
            return PromptLine(text: scalar.string)
        }
        guard let fields = Fields(node, file: file, log: log, context: what) else { return nil }
        fields.checkKeys(lineKeys)
        guard let text = fields.string("text", required: true, example: "\"Hello!\"") else { return nil }
        checkLength(text, at: fields.location(fields.value("text")!), what: what, log: log)
        var line = PromptLine(text: text)
        if let audio = fields.string("audio", example: "audio/greeting.wav") {
            let full = join(directory, audio)
            line.audioPath = full
            if FileManager.default.fileExists(atPath: full) {
                RecordingCheck.check(full, shownAs: audio, at: fields.location(fields.value("audio")!), log: log)
            } else {
                log.error(fields.location(fields.value("audio")!), "audio file '\(audio)' does not exist (looked for \(full))",
                          fix: nearbyFile(audio, directory: directory).map { "did you mean '\($0)'?" }
                            ?? "record it there (the path is relative to \(directory)), or remove 'audio:' to synthesize the text")
            }
        }
        return line
    }

    /// Characters in one line. The longest shipped line has about 240; 500 is about 80 words,
    /// 30 s at 160 wpm — longer than callers follow — and every line is synthesized whole into
    /// memory, so an unbounded one (1 MB) ran a replay past 8 GB.
    public static let maxLineCharacters = 500

    /// Reports a line over the bound (the line is kept, so no "missing line" follows; the
    /// error alone keeps the brand from being loaded).
    static func checkLength(_ text: String, at location: SourceLocation, what: String, log: DiagnosticLog) {
        let count = text.count
        guard count > maxLineCharacters else { return }
        log.error(location, "\(what) is \(count) characters long; a line may have at most \(maxLineCharacters) "
                  + "(about 30 s of speech: callers do not follow longer prompts)",
                  fix: "split it into several lines said one after another ('say: [part1, part2]')")
    }

    /// A file next to where `audio` points whose name is close to it ("audio/greetng.wav" → "audio/greeting.wav").
    static func nearbyFile(_ audio: String, directory: String) -> String? {
        let folder = audio.contains("/") ? LintRun.parent(audio) : ""
        let names = (try? FileManager.default.contentsOfDirectory(atPath: join(directory, folder.isEmpty ? "." : folder))) ?? []
        let base = audio.split(separator: "/").last.map(String.init) ?? audio
        guard let name = Suggestion.closest(to: base, in: names) else { return nil }
        return folder.isEmpty ? name : folder + "/" + name
    }

    static func join(_ directory: String, _ name: String) -> String {
        if name.hasPrefix("/") { return name }
        return directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }
}
