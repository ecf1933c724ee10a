import Dialogue
import Yams

/// Reads one state of a flow and checks it on its own (input, exits, digits).
struct FlowStateReader {
    let id: StateID
    let file: String
    let log: DiagnosticLog
    let human: HumanEscape
    let settings: FlowSettings

    static let keys = ["description", "say", "input", "digits", "onInput", "onTurn", "onNoInput", "onNoMatch", "next",
                       "transfer", "hangup", "store", "language", "emotionRules", "noInputTimeoutSec",
                       "maxNoInput", "maxNoMatch", "noInputPrompts", "noMatchPrompts", "bargeIn", "human", "extras"]
    static let inputKeys = ["type", "minDigits", "maxDigits", "finishKey", "interDigitTimeoutSec"]

    enum InputType: String, CaseIterable { case none, dtmf, speech, either }
    enum HangupOutcome: String, CaseIterable { case completed, failed }

    func read(_ node: Node, marks: inout FlowMarks) -> FlowState? {
        guard let fields = Fields(node, file: file, log: log, context: "state '\(id)'") else { return nil }
        fields.checkKeys(Self.keys)
        var state = FlowState(id: id)
        state.prompts = readSay(fields, marks: &marks)
        state.input = readInput(fields)
        state.humanEscape = fields.bool("human") ?? true
        state.digits = readDigits(fields, input: state.input, humanEscape: state.humanEscape, marks: &marks)
        func target(_ key: String) -> StateID? {
            guard let name = fields.string(key, example: "main_menu") else { return nil }
            marks.stateReferences.append((StateID(name), fields.location(fields.value(key)!), "\(key) of state '\(id)'"))
            return StateID(name)
        }
        state.onInput = target("onInput")
        state.onTurn = target("onTurn")
        state.onNoInput = target("onNoInput")
        state.onNoMatch = target("onNoMatch")
        state.next = target("next")
        state.terminal = readTerminal(fields)
        state.store = fields.string("store", example: "order_number")
        if let language = fields.string("language", example: "en") {
            marks.languages.append((language, fields.location(fields.value("language")!)))
            state.language = language
        }
        if let rules = fields.value("emotionRules") {
            state.emotionRules = FlowLoader.readRules(rules, context: "emotionRules of state '\(id)'", file: file, log: log, marks: &marks)
        }
        state.noInputTimeoutSec = fields.double("noInputTimeoutSec", range: FlowLoader.noInputTimeoutRange, example: 5)
        state.maxNoInput = fields.int("maxNoInput", range: FlowLoader.retriesRange, example: 3)
        state.maxNoMatch = fields.int("maxNoMatch", range: FlowLoader.retriesRange, example: 3)
        state.noInputPrompts = FlowLoader.promptKeys(fields, "noInputPrompts", marks: &marks)
        state.noMatchPrompts = FlowLoader.promptKeys(fields, "noMatchPrompts", marks: &marks)
        state.bargeIn = fields.bool("bargeIn")
        state.extras = fields.bool("extras")
        checkShape(state, fields: fields)
        return state
    }

    /// `say: key`, or a list of keys and `{key, language}` items.
    func readSay(_ fields: Fields, marks: inout FlowMarks) -> [PromptRef] {
        guard let node = fields.value("say") else { return [] }
        let items = node.sequence.map(Array.init) ?? [node]
        if items.count > FlowLoader.maxLinesPerList {
            log.error(fields.location(node), "say of state '\(id)' lists \(items.count) lines; a state says at most \(FlowLoader.maxLinesPerList)",
                      fix: "split the state into several, one after another ('next:')")
            return []
        }
        var refs: [PromptRef] = []
        for item in items {
            let at = fields.location(item)
            if let key = item.scalar?.string, !key.isEmpty {
                refs.append(PromptRef(PromptKey(key)))
            } else if let itemFields = Fields(item, file: file, log: log, context: "say of state '\(id)'") {
                itemFields.checkKeys(["key", "language"])
                guard let key = itemFields.string("key", required: true, example: "greeting") else { continue }
                let language = itemFields.string("language", example: "ru")
                refs.append(PromptRef(PromptKey(key), language: language))
            } else {
                continue
            }
            marks.promptReferences.append((refs.last!.key, refs.last!.language, at, "say of state '\(id)'"))
        }
        return refs
    }

    func readInput(_ fields: Fields) -> InputSpec {
        guard let node = fields.value("input") else { return .none }
        if let text = node.scalar?.string {
            guard let type: InputType = Fields.choice(text, at: fields.location(node), key: "input", log: log) else { return .none }
            return spec(type, dtmf: .menu)
        }
        guard let input = Fields(node, file: file, log: log, context: "input of state '\(id)'") else { return .none }
        input.checkKeys(Self.inputKeys)
        let type = input.choice("type", as: InputType.self, required: true) ?? .dtmf
        var dtmf = DTMFInput()
        dtmf.minDigits = input.int("minDigits", range: 1...32, example: 1) ?? 1
        dtmf.maxDigits = input.int("maxDigits", range: 1...32, example: max(dtmf.minDigits, 4)) ?? max(dtmf.minDigits, 1)
        if dtmf.minDigits > dtmf.maxDigits, let node = input.value("minDigits") {
            log.error(input.location(node), "minDigits \(dtmf.minDigits) is more than maxDigits \(dtmf.maxDigits)",
                      fix: "use minDigits ≤ maxDigits")
        }
        if let finish = input.value("finishKey") {
            let text = finish.scalar?.string ?? ""
            if ["none", "off", "~", "null", ""].contains(text.lowercased()) {
                dtmf.finishKey = nil
            } else if text.count == 1, let key = text.first, DTMFInput.keys.contains(key) {
                if key == "*" || key == "#" {
                    dtmf.finishKey = key
                } else {
                    log.error(input.location(finish), "finishKey '\(text)' is a key callers type in numbers and menus: an entry containing it would end there",
                              fix: "use \"#\" (quoted) or \"*\", or 'finishKey: none'")
                }
            } else {
                log.error(input.location(finish), "finishKey '\(text)' is not one keypad key",
                          fix: "use \"#\" (quoted) or another single key, or 'finishKey: none'")
            }
        }
        dtmf.interDigitTimeoutSec = input.double("interDigitTimeoutSec", range: FlowLoader.interDigitTimeoutRange, example: 3)
        if type == .none || type == .speech, input.value("maxDigits") != nil || input.value("minDigits") != nil {
            log.warning(input.location, "digit settings have no effect for input type '\(type)'",
                        fix: "use type: dtmf or either, or remove them")
        }
        return spec(type, dtmf: dtmf)
    }

    func spec(_ type: InputType, dtmf: DTMFInput) -> InputSpec {
        switch type {
        case .none: return .none
        case .dtmf: return .dtmf(dtmf)
        case .speech: return .speech
        case .either: return .either(dtmf)
        }
    }

    func readDigits(_ fields: Fields, input: InputSpec, humanEscape: Bool, marks: inout FlowMarks) -> [String: StateID] {
        guard let node = fields.value("digits"), let digits = Fields(node, file: file, log: log, context: "digits of state '\(id)'") else {
            return [:]
        }
        var result: [String: StateID] = [:]
        for pair in digits.pairs {
            let at = digits.location(pair.keyNode)
            let entry = pair.key
            marks.digitKeys[id, default: [:]][entry] = at
            guard !entry.isEmpty, entry.allSatisfy(DTMFInput.keys.contains) else {
                log.error(at, "'\(entry)' is not a keypad entry", fix: "use keys 0–9, *, # (quote * and #)")
                continue
            }
            if let dtmf = input.dtmf, entry.count > dtmf.maxDigits {
                log.error(at, "entry '\(entry)' has \(entry.count) digits but state '\(id)' takes at most \(dtmf.maxDigits)",
                          fix: "set 'input: {type: dtmf, maxDigits: \(entry.count)}'")
            }
            if let finish = input.dtmf?.finishKey, entry.count > 1, entry.contains(finish) {
                log.error(at, "entry '\(entry)' contains the finish key '\(finish)', which ends the entry before it is complete",
                          fix: "use another key here, or another finishKey")
            }
            if humanEscape, let key = human.key, entry == String(key) {
                log.error(at, "'\(entry)' is the key to a human in every state, so this entry is never taken",
                          fix: "use another key here, or turn the human key off for this state with 'human: false'")
            }
            guard let target = Fields.scalarString(pair.value, key: "digits '\(entry)'", file: file, log: log, example: "main_menu") else {
                continue
            }
            marks.stateReferences.append((StateID(target), digits.location(pair.value), "digits '\(entry)' of state '\(id)'"))
            result[entry] = StateID(target)
        }
        return result
    }

    func readTerminal(_ fields: Fields) -> TerminalAction? {
        let transfer = fields.string("transfer", example: "queue:support")
        let hangup: HangupOutcome? = fields.value("hangup") != nil ? fields.choice("hangup", as: HangupOutcome.self) : nil
        if transfer != nil, fields.value("hangup") != nil, let at = fields.keyLocation("hangup") {
            log.error(at, "state '\(id)' both transfers and hangs up", fix: "keep one of 'transfer:' and 'hangup:'")
        }
        if let transfer { return .transfer(target: transfer) }
        if let hangup { return .hangUp(hangup == .completed ? .completed : .failed) }
        return nil
    }

    /// What a state must have to make sense: a way on, and the exits its input needs.
    func checkShape(_ state: FlowState, fields: Fields) {
        let here = fields.location
        if state.terminal != nil {
            for key in ["next", "input", "digits", "onInput", "onTurn"] {
                if let at = fields.keyLocation(key) {
                    log.error(at, "state '\(id)' ends the call, so '\(key)' is never used",
                              fix: "remove '\(key)', or remove 'transfer:'/'hangup:'")
                }
            }
            return
        }
        switch state.input {
        case .none:
            if state.next == nil {
                log.error(here, "state '\(id)' waits for nothing and leads nowhere",
                          fix: "add 'next:', an 'input:' with its exits, 'transfer:' or 'hangup:'")
            }
            for key in ["digits", "onInput", "onTurn"] {
                if let at = fields.keyLocation(key) {
                    log.error(at, "state '\(id)' has no input, so '\(key)' is never used", fix: "add 'input:' or remove '\(key)'")
                }
            }
        case .dtmf, .either:
            if state.digits.isEmpty, state.onInput == nil {
                log.error(here, "state '\(id)' takes digits but no entry leads anywhere",
                          fix: "add 'digits:' (e.g. \"1\": a_state) or 'onInput:' for a number")
            }
            if case .either = state.input, state.onTurn == nil {
                log.warning(here, "state '\(id)' takes speech but has no 'onTurn'; spoken answers count as no-match",
                            fix: "add 'onTurn:' or use 'input: dtmf'")
            }
        case .speech:
            if state.onTurn == nil {
                log.error(here, "state '\(id)' takes speech but has no 'onTurn'", fix: "add 'onTurn:' with the state to go to")
            }
        }
        if state.next != nil, state.input != .none, let at = fields.keyLocation("next") {
            log.warning(at, "state '\(id)' waits for input, so 'next' is never used", fix: "remove 'next:'")
        }
        if state.store != nil, state.onInput == nil, state.digits.isEmpty, let at = fields.keyLocation("store") {
            log.warning(at, "state '\(id)' stores an entry but takes none", fix: "remove 'store:' or add 'onInput:'")
        }
    }
}
