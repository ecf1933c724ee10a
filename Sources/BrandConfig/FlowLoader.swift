import Dialogue
import Foundation
import Yams

/// Reads `prompts/<set>/flow.yaml` into a `Flow` and checks it on its own: every state name used
/// exists, every state is reachable, no state is a dead end (schema: README "Brand configuration").
enum FlowLoader {
    static let topKeys = ["description", "start", "settings", "human", "emotion", "states"]
    static let settingsKeys = ["noInputTimeoutSec", "interDigitTimeoutSec", "maxNoInput", "maxNoMatch",
                               "noInputPrompts", "noMatchPrompts", "onFailure", "bargeIn"]
    static let humanKeys = ["key", "state"]
    static let emotionKeys = ["smoothing", "minConfidence", "rules"]
    static let smoothingKeys = ["window", "required"]
    static let ruleKeys = ["when", "inARow", "goto", "once"]

    static let noInputTimeoutRange = 0.5...60.0
    static let interDigitTimeoutRange = 0.5...30.0
    static let retriesRange = 1...10
    /// Lines one state says in a row, or reprompts in a list: every line of a state is prepared
    /// when the state is entered, so the list is bounded (the shipped flows use at most 2).
    static let maxLinesPerList = 20

    static func load(_ path: String, log: DiagnosticLog) -> LoadedFlow? {
        guard let file = YAMLFile.read(path, log: log),
              let top = Fields(file.root, file: path, log: log, context: "the flow") else { return nil }
        top.checkKeys(topKeys)
        let id = URL(fileURLWithPath: path).deletingLastPathComponent().lastPathComponent
        var marks = FlowMarks()
        marks.top = top.location
        let settings = top.value("settings").flatMap { readSettings($0, file: path, log: log, marks: &marks) } ?? FlowSettings()
        let human = top.value("human").flatMap { readHuman($0, file: path, log: log, marks: &marks) } ?? HumanEscape()
        let emotion = top.value("emotion").flatMap { readEmotion($0, file: path, log: log, marks: &marks) } ?? EmotionPolicy()
        var states: [FlowState] = []
        if let node = top.value("states"), let fields = Fields(node, file: path, log: log, context: "states") {
            for pair in fields.pairs {
                let stateID = StateID(pair.key)
                marks.states[stateID] = fields.location(pair.keyNode)
                let reader = FlowStateReader(id: stateID, file: path, log: log, human: human, settings: settings)
                if let state = reader.read(pair.value, marks: &marks) { states.append(state) }
            }
        } else {
            top.missing("states", example: "{greeting: {say: greeting, next: main_menu}}")
        }
        let start = StateID(top.string("start", required: true, example: states.first?.id.rawValue ?? "greeting") ?? "")
        if let node = top.value("start") {
            marks.start = top.location(node)
            marks.stateReferences.append((start, top.location(node), "start"))
        }
        let flow = Flow(id: id, start: start, states: states, settings: settings, human: human, emotion: emotion)
        let loaded = LoadedFlow(flow: flow, file: path, marks: marks)
        FlowChecks(loaded: loaded, log: log).run()
        return loaded
    }

    static func readSettings(_ node: Node, file: String, log: DiagnosticLog, marks: inout FlowMarks) -> FlowSettings? {
        guard let fields = Fields(node, file: file, log: log, context: "settings") else { return nil }
        fields.checkKeys(settingsKeys)
        var settings = FlowSettings()
        settings.noInputTimeoutSec = fields.double("noInputTimeoutSec", range: noInputTimeoutRange, example: 5)
            ?? settings.noInputTimeoutSec
        settings.interDigitTimeoutSec = fields.double("interDigitTimeoutSec", range: interDigitTimeoutRange, example: 3)
            ?? settings.interDigitTimeoutSec
        settings.maxNoInput = fields.int("maxNoInput", range: retriesRange, example: 3) ?? settings.maxNoInput
        settings.maxNoMatch = fields.int("maxNoMatch", range: retriesRange, example: 3) ?? settings.maxNoMatch
        if let list = promptKeys(fields, "noInputPrompts", marks: &marks) { settings.noInputPrompts = list }
        if let list = promptKeys(fields, "noMatchPrompts", marks: &marks) { settings.noMatchPrompts = list }
        if let failure = fields.string("onFailure", example: "goodbye") {
            settings.onFailure = StateID(failure)
            marks.stateReferences.append((StateID(failure), fields.location(fields.value("onFailure")!), "settings.onFailure"))
        }
        settings.bargeIn = fields.bool("bargeIn") ?? settings.bargeIn
        return settings
    }

    /// A reprompt list; records each key for the prompt checks.
    static func promptKeys(_ fields: Fields, _ key: String, marks: inout FlowMarks) -> [PromptKey]? {
        guard let list = fields.strings(key, example: "no_input") else { return nil }
        if list.count > maxLinesPerList {
            fields.log.error(fields.location(fields.value(key)!), "\(key) lists \(list.count) prompts; at most \(maxLinesPerList)",
                             fix: "one reprompt per failure is enough (the last repeats)")
            return nil
        }
        if list.isEmpty { fields.log.error(fields.location(fields.value(key)!), "\(key) is empty", fix: "list at least one prompt key") }
        for (name, at) in list { marks.promptReferences.append((PromptKey(name), nil, at, "\(fields.context).\(key)")) }
        return list.isEmpty ? nil : list.map { PromptKey($0.0) }
    }

    static func readHuman(_ node: Node, file: String, log: DiagnosticLog, marks: inout FlowMarks) -> HumanEscape? {
        guard let fields = Fields(node, file: file, log: log, context: "human") else { return nil }
        fields.checkKeys(humanKeys)
        var human = HumanEscape()
        if let keyNode = fields.value("key") {
            let text = keyNode.scalar?.string ?? ""
            if ["", "~", "null", "none", "off", "false"].contains(text.lowercased()) {
                human.key = nil
            } else if text.count == 1, let key = text.first, DTMFInput.keys.contains(key) {
                human.key = key
            } else {
                log.error(fields.location(keyNode), "human key '\(text)' is not one keypad key",
                          fix: "use one of 0–9, *, # (quoted: key: \"0\"), or 'key: none' to turn it off")
            }
        }
        if let state = fields.string("state", example: "human") {
            human.state = StateID(state)
            marks.humanState = fields.location(fields.value("state")!)
        } else {
            marks.humanState = fields.location
        }
        return human
    }

    static func readEmotion(_ node: Node, file: String, log: DiagnosticLog, marks: inout FlowMarks) -> EmotionPolicy? {
        guard let fields = Fields(node, file: file, log: log, context: "emotion") else { return nil }
        fields.checkKeys(emotionKeys)
        var policy = EmotionPolicy()
        if let node = fields.value("smoothing"), let smoothing = Fields(node, file: file, log: log, context: "emotion.smoothing") {
            smoothing.checkKeys(smoothingKeys)
            policy.smoothing.window = smoothing.int("window", range: 1...10, example: 3) ?? policy.smoothing.window
            policy.smoothing.required = smoothing.int("required", range: 1...10, example: 2) ?? policy.smoothing.required
            if policy.smoothing.required > policy.smoothing.window, let at = smoothing.value("required").map(smoothing.location) {
                log.error(at, "required \(policy.smoothing.required) is more than window \(policy.smoothing.window): the style could never change",
                          fix: "use required ≤ window, e.g. 2 of 3")
            }
        }
        policy.minConfidence = fields.double("minConfidence", range: 0...1, example: 0.3) ?? policy.minConfidence
        if let list = fields.value("rules") {
            policy.rules = readRules(list, context: "emotion.rules", file: file, log: log, marks: &marks)
        }
        return policy
    }

    static func readRules(_ node: Node, context: String, file: String, log: DiagnosticLog,
                          marks: inout FlowMarks) -> [EmotionRule] {
        guard let items = node.sequence else {
            log.error(YAMLFile.location(node, in: file), "\(context) must be a list of rules",
                      fix: "write each rule as '- {when: irritated, inARow: 2, goto: offer_human}'")
            return []
        }
        return items.enumerated().compactMap { index, item -> EmotionRule? in
            guard let fields = Fields(item, file: file, log: log, context: "\(context)[\(index + 1)]") else { return nil }
            fields.checkKeys(ruleKeys)
            let emotion = fields.choice("when", as: CallerEmotion.self, required: true)
            let inARow = fields.int("inARow", range: 1...10, example: 2) ?? 2
            guard let goto = fields.string("goto", required: true, example: "offer_human") else { return nil }
            marks.stateReferences.append((StateID(goto), fields.location(fields.value("goto")!), "\(fields.context).goto"))
            guard let emotion else { return nil }
            return EmotionRule(emotion: emotion, inARow: inARow, goto: StateID(goto), once: fields.bool("once") ?? true)
        }
    }
}
