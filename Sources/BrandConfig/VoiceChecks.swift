import Dialogue

/// Checks between a voice profile and the prompt set it speaks: languages, disclosure, the
/// wording variants its styles ask for, the extras they add.
struct VoiceChecks {
    let voice: LoadedVoice
    let prompts: LoadedPromptSet
    /// Per language, the prompt keys the flow says there (only these need every variant).
    let usedKeys: [String: Set<PromptKey>]
    let log: DiagnosticLog

    var profile: VoiceProfile { voice.profile }

    func run() {
        for language in profile.languages where prompts.files[language] == nil {
            log.error(voice.marks.languages[language] ?? voice.marks.top,
                      "language '\(language)' has no prompt file in \(prompts.directory)",
                      fix: "add \(prompts.directory)/\(language).yaml, or remove '\(language)' from languages")
        }
        checkDisclosure()
        checkVariants()
        checkExtras()
    }

    func lines(_ language: String) -> [PromptKey: [PromptVariant: PromptLine]] {
        prompts.set.languages[language]?.lines ?? [:]
    }

    func checkDisclosure() {
        guard profile.disclosure else { return }
        for language in profile.languages where prompts.files[language] != nil && lines(language)[.disclosure] == nil {
            log.error(voice.marks.disclosure ?? voice.marks.top,
                      "disclosure is on, but \(prompts.files[language]!) has no 'disclosure' line",
                      fix: "add 'disclosure: {default: \"You are talking to an automated assistant.\"}' under lines, or set 'disclosure: false'")
        }
    }

    /// Styles ask for variants; a line without one falls back to default (a warning).
    func checkVariants() {
        let styled = CallerEmotion.allCases.compactMap { emotion in
            profile.styles[emotion].map { (emotion, $0.variant) }
        }.filter { $0.1 != .default }
        let requested = Set(styled.map(\.1))
        let written = Set(profile.languages.flatMap { lines($0).values.flatMap(\.keys) })
        for (emotion, variant) in styled where !written.contains(variant) {
            log.warning(voice.marks.styleVariants[emotion] ?? voice.marks.top,
                        "the \(emotion) style uses variant '\(variant)', which no line of prompt set '\(prompts.set.id)' has",
                        fix: Suggestion.didYouMean(variant.rawValue, in: written.map(\.rawValue)) ?? "write '\(variant):' wordings, or use 'default'")
        }
        for language in profile.languages {
            let file = prompts.files[language] ?? ""
            for key in (usedKeys[language] ?? []).sorted() {
                guard let variants = lines(language)[key] else { continue }
                for (emotion, variant) in styled where written.contains(variant) && variants[variant] == nil {
                    log.warning(prompts.marks.lines[language]?[key] ?? SourceLocation(file: file, line: 1, column: 1),
                                "'\(key)' has no '\(variant)' wording for the \(emotion) style of \(voice.file); the default one is used",
                                fix: "add '\(variant):' under '\(key)'")
                }
                for (variant, at) in prompts.marks.variants[language]?[key] ?? [:]
                where variant != .default && !requested.contains(variant) {
                    log.warning(at, "variant '\(variant)' of '\(key)' is used by no style of \(voice.file)",
                                fix: Suggestion.didYouMean(variant.rawValue, in: requested.map(\.rawValue))
                                    ?? "use it from a style ('variant: \(variant)') or remove it")
                }
            }
        }
    }

    func checkExtras() {
        for emotion in CallerEmotion.allCases {
            guard let kind = profile.styles[emotion]?.extra else { continue }
            for language in profile.languages where prompts.files[language] != nil {
                if prompts.set.languages[language]?.extras[kind]?.isEmpty ?? true {
                    log.warning(voice.marks.styleExtras[emotion] ?? voice.marks.top,
                                "the \(emotion) style adds a \(kind), but \(prompts.files[language]!) has no extras.\(kind)",
                                fix: "add 'extras: {\(kind): [\"…\"]}' to \(prompts.files[language]!)")
                }
            }
        }
    }
}
