/// Choosing and wording the lines a state says.
extension DialogueStateMachine {
    /// Queues the state's lines (after a reprompt, with the disclosure after the call's first
    /// line, with a style extra); returns whether anything was said.
    mutating func say(_ current: FlowState, reprompt: (PromptKey, UtterancePurpose)?, extras: Bool) -> Bool {
        var lines: [(key: PromptKey, language: String?, purpose: UtterancePurpose)] = []
        if let (key, purpose) = reprompt { lines.append((key, nil, purpose)) }
        lines += current.prompts.map { ($0.key, $0.language, .prompt) }
        if disclosurePending, !lines.isEmpty {
            lines.insert((.disclosure, nil, .disclosure), at: 1)
            disclosurePending = false
        }
        var said = 0
        for line in lines {
            guard let utterance = utterance(line.key, language: line.language, purpose: line.purpose) else { continue }
            pending.append(.say(utterance))
            said += 1
        }
        if extras, let utterance = extraUtterance(for: current) {
            pending.append(.say(utterance))
            said += 1
        }
        if said > 0 { isPromptPlaying = true }
        return said > 0
    }

    func utterance(_ key: PromptKey, language fixed: String?, purpose: UtterancePurpose) -> Utterance? {
        let language = fixed ?? self.language
        let requested = brand.voice.style(for: style).variant
        guard let resolved = brand.prompts.line(key, variant: requested, language: language) else { return nil }
        return Utterance(key: key, purpose: purpose, style: style, variant: resolved.variant,
                         requestedVariant: requested, text: PromptText.render(resolved.line.text, values: values),
                         language: language, audioPath: resolved.line.audioPath,
                         synthesis: brand.voice.synthesis(language: language, emotion: style))
    }

    /// A fact or joke after the state's prompt, when the style has one, the state allows it
    /// (by default: states that wait for input) and the call's allowance is not used up.
    mutating func extraUtterance(for current: FlowState) -> Utterance? {
        guard current.extras ?? current.input.waitsForInput,
              let kind = brand.voice.style(for: style).extra,
              extrasSaid < brand.voice.maxExtrasPerCall else { return nil }
        let index = extraCursor[kind, default: 0]
        guard let line = brand.prompts.extra(kind, index: index, language: language) else { return nil }
        extrasSaid += 1
        extraCursor[kind] = index + 1
        let purpose: UtterancePurpose = kind == .fact ? .fact : .joke
        return Utterance(key: PromptKey(kind.rawValue), purpose: purpose, style: style, variant: .default,
                         requestedVariant: .default, text: PromptText.render(line.text, values: values),
                         language: language, audioPath: line.audioPath,
                         synthesis: brand.voice.synthesis(language: language, emotion: style))
    }
}

/// `{name}` placeholders in prompt text.
public enum PromptText {
    /// Fills `{name}` from `values`; a digit string is spelled digit by digit ("4 0 7") so a
    /// synthesizer reads it as digits, not as a number. Unknown names are left as they are.
    public static func render(_ text: String, values: [String: String]) -> String {
        guard text.contains("{") else { return text }
        var result = ""
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            result += rest[..<open]
            let name = String(rest[rest.index(after: open)..<close])
            if let value = values[name] {
                result += value.allSatisfy(\.isNumber) ? value.map(String.init).joined(separator: " ") : value
            } else {
                result += rest[open...close]
            }
            rest = rest[rest.index(after: close)...]
        }
        return result + rest
    }

    /// The placeholder names a text uses.
    public static func placeholders(in text: String) -> [String] {
        var names: [String] = []
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            names.append(String(rest[rest.index(after: open)..<close]))
            rest = rest[rest.index(after: close)...]
        }
        return names
    }
}
