import Dialogue

/// Checks between a flow and its prompt set: every line the flow says exists in every language,
/// placeholders have a value, lines are used.
struct PromptChecks {
    let prompts: LoadedPromptSet
    let flow: LoadedFlow
    let log: DiagnosticLog

    var languages: [String] { prompts.files.keys.sorted() }

    /// Every prompt key the flow can say, with where it is used.
    var usedKeys: [(key: PromptKey, language: String?, at: SourceLocation, what: String)] {
        var used = flow.marks.promptReferences
        let settings = flow.flow.settings
        let waiting = flow.flow.states.filter { $0.input.waitsForInput }
        // Default reprompts the flow relies on without naming them.
        if waiting.contains(where: { $0.noInputPrompts == nil }), !flow.marks.promptReferences.contains(where: { $0.what == "settings.noInputPrompts" }) {
            used += settings.noInputPrompts.map { ($0, nil, flow.marks.top, "the default no-input reprompt (settings.noInputPrompts)") }
        }
        if waiting.contains(where: { $0.noMatchPrompts == nil }), !flow.marks.promptReferences.contains(where: { $0.what == "settings.noMatchPrompts" }) {
            used += settings.noMatchPrompts.map { ($0, nil, flow.marks.top, "the default no-match reprompt (settings.noMatchPrompts)") }
        }
        return used
    }

    /// The keys said in a language: unpinned ones, and those pinned to it.
    func usedKeys(in language: String) -> Set<PromptKey> {
        Set(usedKeys.filter { $0.language == nil || $0.language == language }.map(\.key))
    }

    func run() {
        let used = usedKeys
        for reference in used {
            for language in reference.language.map({ [$0] }) ?? languages {
                guard let file = prompts.files[language] else {
                    log.error(reference.at, "\(reference.what) is pinned to language '\(language)', which prompt set '\(prompts.set.id)' does not have",
                              fix: "add \(prompts.directory)/\(language).yaml" + (languages.isEmpty ? "" : " or use one of: \(languages.joined(separator: ", "))"))
                    continue
                }
                guard prompts.set.languages[language]?.lines[reference.key] == nil else { continue }
                let known = prompts.set.languages[language]?.lines.keys.map(\.rawValue) ?? []
                log.error(reference.at, "\(reference.what) says '\(reference.key)', which \(file) does not have",
                          fix: Suggestion.didYouMean(reference.key.rawValue, in: known)
                            ?? "add '\(reference.key):' with a 'default:' wording under lines in \(file)")
            }
        }
        for (language, at) in flow.marks.languages where prompts.files[language] == nil {
            log.error(at, "language '\(language)' has no prompt file in \(prompts.directory)",
                      fix: Suggestion.didYouMean(language, in: languages) ?? "add \(prompts.directory)/\(language).yaml")
        }
        checkPlaceholders()
        checkUnused()
    }

    func checkPlaceholders() {
        let stored = Set(flow.flow.states.compactMap(\.store))
        for language in languages {
            for (key, variants) in prompts.set.languages[language]?.lines ?? [:] {
                for (variant, line) in variants {
                    for name in PromptText.placeholders(in: line.text) where !stored.contains(name) {
                        let at = prompts.marks.variants[language]?[key]?[variant] ?? prompts.marks.lines[language]?[key]
                        log.warning(at ?? topOf(language), "'{\(name)}' in '\(key)' (\(variant)) has no value: no state stores '\(name)'",
                                    fix: Suggestion.didYouMean(name, in: stored).map { $0 } ?? "add 'store: \(name)' to the state that collects it")
                    }
                }
            }
        }
    }

    func checkUnused() {
        for language in languages {
            let used = usedKeys(in: language)
            for (key, at) in prompts.marks.lines[language] ?? [:] where !used.contains(key) && key != .disclosure {
                log.warning(at, "line '\(key)' is not said by any state of the flow",
                            fix: Suggestion.didYouMean(key.rawValue, in: used.map(\.rawValue))
                                ?? "say it from a state, or remove it")
            }
        }
    }

    func topOf(_ language: String) -> SourceLocation {
        prompts.marks.files[language] ?? SourceLocation(file: prompts.files[language] ?? prompts.directory, line: 1, column: 1)
    }
}
