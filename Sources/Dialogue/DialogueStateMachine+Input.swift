/// Keys, caller turns, timeouts and the failures they lead to.
extension DialogueStateMachine {
    mutating func pressed(_ key: Character) {
        guard let current = currentState, current.terminal == nil else { return }
        let isHumanKey = humanEscapeAllowed(in: current) && key == brand.flow.human.key
        guard let dtmf = current.input.dtmf else {
            if isHumanKey { return goToHuman(key) }
            if !current.input.waitsForInput, let next = current.next { return typeAhead(key, into: next) }
            if current.input.takesSpeech {
                stopPromptIfPlaying()
                noMatch(in: current, input: String(key))
            }
            return
        }
        stopPromptIfPlaying()
        cancel(.noInput)
        if key == dtmf.finishKey { return completeEntry() }
        entry.append(key)
        if entry.count >= dtmf.maxDigits { return completeEntry() }
        start(.interDigit, afterSec: dtmf.interDigitTimeoutSec ?? settings.interDigitTimeoutSec)
    }

    /// A key during a state that waits for nothing skips ahead to the next state, when that one
    /// takes keys, and counts there (callers who know the menu need not wait for the greeting).
    /// Otherwise it is ignored.
    mutating func typeAhead(_ key: Character, into next: StateID) {
        guard brand.flow.state(next)?.input.dtmf != nil else { return }
        enter(next, reason: .typeAhead(key), sayPrompts: false)
        if outcome == nil { pressed(key) }
    }

    /// An entry is complete (max digits, finish key, or the caller paused).
    mutating func completeEntry() {
        cancel(.interDigit)
        guard let current = currentState, let dtmf = current.input.dtmf else { return }
        let input = entry
        entry = ""
        if let key = brand.flow.human.key, humanEscapeAllowed(in: current), input == String(key) {
            return goToHuman(key)
        }
        if let target = current.digits[input] {
            keep(input, for: current)
            return enter(target, reason: .digits(input))
        }
        if let target = current.onInput, (dtmf.minDigits...max(dtmf.minDigits, dtmf.maxDigits)).contains(input.count),
           input.allSatisfy({ $0.isASCII && $0.isNumber }) {
            keep(input, for: current)
            return enter(target, reason: .input(input))
        }
        noMatch(in: current, input: input)
    }

    mutating func keep(_ input: String, for current: FlowState) {
        if let name = current.store { values[name] = input }
    }

    func humanEscapeAllowed(in current: FlowState) -> Bool {
        brand.flow.human.key != nil && current.humanEscape && current.id != brand.flow.human.state
            && current.terminal == nil
    }

    mutating func goToHuman(_ key: Character) {
        enter(brand.flow.human.state, reason: .humanRequested(key: key))
    }

    mutating func callerTurn(_ turn: CallerTurn) {
        if let change = smoother.observe(turn.emotion, confidence: turn.confidence) {
            pending.append(.styleChanged(change))
        }
        countStreak(turn)
        guard let current = currentState, current.terminal == nil else { return }
        if let (rule, tag) = firingRule(in: current) {
            if rule.once { firedRules.insert(tag) }
            let count = streakCount
            streakCount = 0
            return enter(rule.goto, reason: .emotion(rule.emotion, inARow: count))
        }
        if current.input.takesSpeech, let target = current.onTurn, entry.isEmpty {
            return enter(target, reason: .callerTurn(turn.emotion))
        }
        if !current.input.waitsForInput {
            if bargedIn, !isPromptPlaying {
                bargedIn = false
                promptDone()
            }
            return
        }
        // A turn the state cannot take: unless it was talked over the prompt without
        // interrupting it, or during a digit entry, it is a no-match.
        if isPromptPlaying || !entry.isEmpty { return }
        cancel(.noInput)
        noMatch(in: current, input: "speech")
    }

    mutating func countStreak(_ turn: CallerTurn) {
        guard smoother.counts(confidence: turn.confidence) else {
            streakEmotion = nil
            streakCount = 0
            return
        }
        if streakEmotion == turn.emotion {
            streakCount += 1
        } else {
            streakEmotion = turn.emotion
            streakCount = 1
        }
    }

    /// The first rule (the state's, then the flow's) whose streak is complete.
    func firingRule(in current: FlowState) -> (EmotionRule, String)? {
        let candidates = current.emotionRules.enumerated().map { ($1, "state:\(current.id)#\($0)") }
            + brand.flow.emotion.rules.enumerated().map { ($1, "flow#\($0)") }
        return candidates.first { rule, tag in
            streakEmotion == rule.emotion && streakCount >= rule.inARow && rule.goto != current.id
                && !firedRules.contains(tag)
        }
    }

    mutating func noInput() {
        guard let current = currentState else { return }
        noInputCount += 1
        pending.append(.noInput(state: current.id, count: noInputCount))
        if noInputCount >= current.maxNoInput ?? settings.maxNoInput {
            return leave(to: current.onNoInput, reason: .maxNoInput(noInputCount))
        }
        reprompt(current, keys: current.noInputPrompts ?? settings.noInputPrompts, count: noInputCount,
                 purpose: .noInputReprompt)
    }

    mutating func noMatch(in current: FlowState, input: String) {
        noMatchCount += 1
        pending.append(.noMatch(state: current.id, count: noMatchCount, input: input))
        if noMatchCount >= current.maxNoMatch ?? settings.maxNoMatch {
            return leave(to: current.onNoMatch, reason: .maxNoMatch(noMatchCount))
        }
        reprompt(current, keys: current.noMatchPrompts ?? settings.noMatchPrompts, count: noMatchCount,
                 purpose: .noMatchReprompt)
    }

    /// After the last allowed failure: the state's exit, else the flow's, else hang up (failed).
    mutating func leave(to target: StateID?, reason: TransitionReason) {
        if let target = target ?? settings.onFailure { return enter(target, reason: reason) }
        end(.failed, reason.description)
    }

    /// The failure's reprompt (the n-th, the last one repeating) and the state's prompt again.
    mutating func reprompt(_ current: FlowState, keys: [PromptKey], count: Int, purpose: UtterancePurpose) {
        stopPromptIfPlaying()
        cancelAllTimers()
        entry = ""
        let key = keys.isEmpty ? nil : keys[min(count, keys.count) - 1]
        if say(current, reprompt: key.map { ($0, purpose) }, extras: false) { return }
        promptDone()
    }
}
