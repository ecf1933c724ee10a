// API summary — the dialogue of one call, as a pure value: events in, actions out.
//
//   var dialogue = DialogueStateMachine(brand: Brand(voice: profile, prompts: promptSet, flow: flow))
//   let actions = dialogue.handle(.callStarted, at: 0)          // [DialogueAction]
//
// Events (`DialogueEvent`): callStarted(language:), callerTurn(CallerTurn: emotion, confidence?,
// startSec, endSec), speechStarted, dtmf(Character), promptFinished, timerFired(DialogueTimer),
// bargeIn, speechAbandoned, hangUp. `at:` is seconds since the call started (any clock: live or virtual).
//
// Actions (`DialogueAction`), to carry out in order:
//   say(Utterance)                 queue a line: key, purpose, style, variant (+ requested), text,
//                                  language, audioPath?, synthesis (espeak-ng voice + rate/pitch/range/volume)
//   stopPrompt                     stop playback and drop the queue (barge-in, key pressed)
//   startTimer(id, afterSec:)      (re)start `noInput` or `interDigit`; send timerFired(id) when it runs out
//   cancelTimer(id)
//   transfer(target:, reason:)     hand the call to a human — the dialogue is over
//   hangUp(outcome:, reason:)      end the call — the dialogue is over
//   transition(StateTransition)    record: from → to, and the reason
//   noInput(state:, count:) / noMatch(state:, count:, input:) / styleChanged(StyleChange)   records
//
// Contract with the session: send `promptFinished` when everything queued by `say` has played
// (not after `stopPrompt`); a `bargeIn` or `speechStarted` is followed by a `callerTurn` when the
// caller stops, or by `speechAbandoned` when the speech did not become a turn; keep at most one timer per id. Inspect `state`, `style`, `language`, `outcome`
// (non-nil once the dialogue is over; later events are ignored) and `values` (entries stored by
// `FlowState.store`). The same events at the same times always give the same actions.
//
// Behaviour in brief: a state says its prompts (the call's first line is followed by the
// disclosure when the voice profile has it), then waits for its input; the no-input timer starts
// when the prompt has finished. Digits barge in and collect into an entry that ends at maxDigits,
// the finish key or the inter-digit timeout. The human key (default "0") leads to the flow's human
// state from every state. The n-th no-input / no-match (default 3) leaves the state, earlier ones
// say a reprompt and the prompt again. Each caller turn updates the smoothed style
// (`EmotionSmoother`) and the streak the emotion rules count. Lines are worded by the style's
// variant (falling back to `default`) and delivered with the style's synthesis settings.

/// The dialogue state machine of one call (see the API summary at the top of this file).
public struct DialogueStateMachine: Sendable {
    public let brand: Brand
    /// The current state; nil before `callStarted`.
    public internal(set) var state: StateID?
    /// The call's language (the voice's default until the gateway or the flow says otherwise).
    public internal(set) var language: String
    /// Non-nil once the dialogue is over.
    public internal(set) var outcome: DialogueOutcome?
    /// Entries kept by states with `store`, for `{name}` placeholders.
    public internal(set) var values: [String: String] = [:]
    public internal(set) var smoother: EmotionSmoother
    public internal(set) var isPromptPlaying = false
    /// The latest event time seen.
    public internal(set) var nowSec: Double = 0

    /// The answer style: the smoothed caller emotion.
    public var style: CallerEmotion { smoother.current }

    var started = false
    var disclosurePending = false
    var entry = ""
    var noInputCount = 0
    var noMatchCount = 0
    var armedTimers: Set<DialogueTimer> = []
    var streakEmotion: CallerEmotion?
    var streakCount = 0
    var firedRules: Set<String> = []
    var extrasSaid = 0
    var extraCursor: [PromptExtraKind: Int] = [:]
    var entryReason: TransitionReason = .callStarted
    /// The caller talked over the prompt of a state that waits for nothing: move on after their turn.
    var bargedIn = false
    var pending: [DialogueAction] = []
    var entriesThisEvent = 0

    /// More state entries than this within one event means states that wait for nothing loop.
    static let maxEntriesPerEvent = 64

    public init(brand: Brand) {
        self.brand = brand
        language = brand.voice.defaultLanguage
        smoother = EmotionSmoother(config: brand.flow.emotion.smoothing)
    }

    public mutating func handle(_ event: DialogueEvent, at timeSec: Double) -> [DialogueAction] {
        guard outcome == nil else { return [] }
        nowSec = max(nowSec, timeSec)
        pending = []
        entriesThisEvent = 0
        switch event {
        case .callStarted(let language): callStarted(language: language)
        case .callerTurn(let turn): if started { callerTurn(turn) }
        case .speechStarted: cancel(.noInput)
        case .dtmf(let key): if started { pressed(key) }
        case .promptFinished:
            if isPromptPlaying {
                isPromptPlaying = false
                promptDone()
            }
        case .timerFired(let timer):
            guard armedTimers.remove(timer) != nil else { break }
            switch timer {
            case .noInput: noInput()
            case .interDigit: completeEntry()
            }
        case .bargeIn: bargeIn()
        case .speechAbandoned: speechAbandoned()
        case .hangUp:
            cancelAllTimers()
            outcome = .callerHungUp
        }
        defer { pending = [] }
        return pending
    }

    var currentState: FlowState? { state.flatMap(brand.flow.state) }
    var settings: FlowSettings { brand.flow.settings }

    mutating func callStarted(language requested: String?) {
        guard !started else { return }
        started = true
        if let requested, brand.voice.languages.contains(requested) { language = requested }
        disclosurePending = brand.voice.disclosure
        enter(brand.flow.start, reason: .callStarted)
    }

    /// Moves to a state and says its prompts (or acts at once when it has none to say).
    mutating func enter(_ id: StateID, reason: TransitionReason, sayPrompts: Bool = true) {
        entriesThisEvent += 1
        guard entriesThisEvent <= Self.maxEntriesPerEvent else {
            return end(.failed, "the flow moved \(Self.maxEntriesPerEvent) times without waiting for the caller")
        }
        stopPromptIfPlaying()
        cancelAllTimers()
        pending.append(.transition(StateTransition(from: state, to: id, reason: reason)))
        state = id
        entryReason = reason
        entry = ""
        noInputCount = 0
        noMatchCount = 0
        bargedIn = false
        guard let target = brand.flow.state(id) else { return end(.failed, "state '\(id)' does not exist") }
        if let switchTo = target.language { language = switchTo }
        if sayPrompts, say(target, reprompt: nil, extras: true) { return }
        promptDone()
    }

    /// The state's prompt has been said: act, wait for input, or move on.
    mutating func promptDone() {
        guard let current = currentState else { return }
        if let terminal = current.terminal { return finish(terminal) }
        if current.input.waitsForInput {
            if entry.isEmpty { start(.noInput, afterSec: current.noInputTimeoutSec ?? settings.noInputTimeoutSec) }
            return
        }
        if let next = current.next { return enter(next, reason: .promptDone) }
        end(.failed, "state '\(current.id)' waits for nothing and leads nowhere")
    }

    /// Transfer or hang up; the reason names the state and why the call got there.
    mutating func finish(_ terminal: TerminalAction) {
        cancelAllTimers()
        let reason = "\(state?.rawValue ?? "?"): \(entryReason)"
        switch terminal {
        case .transfer(let target):
            outcome = .transferred
            pending.append(.transfer(target: target, reason: reason))
        case .hangUp(let how):
            outcome = how
            pending.append(.hangUp(outcome: how, reason: reason))
        }
    }

    mutating func end(_ how: DialogueOutcome, _ reason: String) {
        stopPromptIfPlaying()
        cancelAllTimers()
        outcome = how
        pending.append(.hangUp(outcome: how, reason: reason))
    }

    mutating func bargeIn() {
        guard isPromptPlaying, let current = currentState, current.bargeIn ?? settings.bargeIn else { return }
        stopPromptIfPlaying()
        if let terminal = current.terminal { return finish(terminal) }
        if !current.input.waitsForInput { bargedIn = true }
        // An input state now waits for the caller's turn; no timer runs while they speak.
    }

    /// A barge-in's speech did not become a turn: no `callerTurn` will come, so the flow goes on
    /// as after its prompt (an input state starts its no-input timer).
    mutating func speechAbandoned() {
        guard !isPromptPlaying, let current = currentState, current.terminal == nil else { return }
        bargedIn = false
        promptDone()
    }

    // MARK: Timers and playback

    mutating func start(_ timer: DialogueTimer, afterSec: Double) {
        armedTimers.insert(timer)
        pending.append(.startTimer(timer, afterSec: afterSec))
    }

    mutating func cancel(_ timer: DialogueTimer) {
        if armedTimers.remove(timer) != nil { pending.append(.cancelTimer(timer)) }
    }

    mutating func cancelAllTimers() {
        for timer in DialogueTimer.allCases { cancel(timer) }
    }

    mutating func stopPromptIfPlaying() {
        guard isPromptPlaying else { return }
        isPromptPlaying = false
        pending.append(.stopPrompt)
    }
}
