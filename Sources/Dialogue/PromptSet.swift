/// One wording of one line: the text to synthesize and, optionally, a recording to play instead.
public struct PromptLine: Sendable, Hashable, Codable {
    /// May contain `{name}` placeholders filled from values the caller entered (see `FlowState.store`).
    public var text: String
    /// A pre-recorded file for this line (path as resolved by the loader), played instead of synthesis.
    public var audioPath: String?

    public init(text: String, audioPath: String? = nil) {
        self.text = text
        self.audioPath = audioPath
    }
}

/// Every line of a prompt set in one language (`prompts/<set>/<language>.yaml`).
public struct LanguagePrompts: Sendable, Hashable, Codable {
    public var language: String
    /// Dialogue act → wording per variant; every line should have `default`.
    public var lines: [PromptKey: [PromptVariant: PromptLine]]
    /// Pools a style's `extra` draws from, in order.
    public var extras: [PromptExtraKind: [PromptLine]]

    public init(language: String, lines: [PromptKey: [PromptVariant: PromptLine]] = [:],
                extras: [PromptExtraKind: [PromptLine]] = [:]) {
        self.language = language
        self.lines = lines
        self.extras = extras
    }
}

/// A brand's lines per dialogue act × style variant × language (`prompts/<id>/`).
public struct PromptSet: Sendable, Hashable, Codable {
    public var id: String
    public var languages: [String: LanguagePrompts]

    public init(id: String, languages: [LanguagePrompts]) {
        self.id = id
        self.languages = Dictionary(languages.map { ($0.language, $0) }, uniquingKeysWith: { a, _ in a })
    }

    /// The line to say: the requested variant in the requested language, else that language's
    /// `default` variant. A missing language or key gives nil (lint reports it as an error).
    public func line(_ key: PromptKey, variant: PromptVariant, language: String) -> ResolvedLine? {
        guard let variants = languages[language]?.lines[key] else { return nil }
        if let line = variants[variant] { return ResolvedLine(line: line, variant: variant) }
        if let line = variants[.default] { return ResolvedLine(line: line, variant: .default) }
        return nil
    }

    /// The `index`-th extra of a kind in a language, cycling through the pool.
    public func extra(_ kind: PromptExtraKind, index: Int, language: String) -> PromptLine? {
        guard let pool = languages[language]?.extras[kind], !pool.isEmpty else { return nil }
        return pool[index % pool.count]
    }
}

/// A line found for a request, with the variant actually used (differs on fallback).
public struct ResolvedLine: Sendable, Hashable {
    public var line: PromptLine
    public var variant: PromptVariant
}
