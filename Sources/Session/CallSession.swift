import Analysis
import AudioCore
import Dialogue
import Emotion
import Synthesis

/// One call: the caller's audio in, the engine's audio out, 10 ms at a time, on the session's
/// clock. The same code runs live calls (a real clock paces `process`) and replays (a virtual
/// clock: `process` as fast as the CPU allows).
///
/// Per hop: the `CallerListener` hears the caller (turns, emotion, DTMF); speech starting while
/// a prompt plays is a barge-in (the prompt and everything queued are dropped); due timers
/// fire; the `PromptPlayer` produces the engine's hop and reports when the prompts have
/// finished; the `DialogueStateMachine` turns all of that into actions, which are carried out
/// and written to the call record.
///
/// One owner, one thread; no actor hop per frame.
public final class CallSession {
    public let brand: Brand
    public let rate: PipelineRate
    public private(set) var events: [CallEvent] = []
    /// Seconds since the call started: the end of the last processed hop.
    public var nowSec: Double { Double(hops) / 100 }

    private let listener: CallerListener
    private var dialogue: DialogueStateMachine
    private var player: PromptPlayer
    private var timers = TimerSchedule<DialogueTimer>()
    private let prompts: PromptAudioSource
    private var listenerEvents: [ListenerEvent] = []
    private var nextPromptID = 0
    /// Set once, when the call ends (transfer, hang-up by either side).
    public private(set) var outcome: DialogueOutcome?
    /// Hops processed; the clock is derived from it so it does not drift.
    private var hops = 0

    public init(brand: Brand, rate: PipelineRate, listener config: ListenerConfig = .init(),
                prompts: PromptAudioSource) throws {
        self.brand = brand
        self.rate = rate
        self.prompts = prompts
        listener = try CallerListener(config: config, rate: rate)
        dialogue = DialogueStateMachine(brand: brand)
        player = PromptPlayer(hopSamples: rate.hopSamples)
        listenerEvents.reserveCapacity(16)
    }

    /// True while the engine has audio playing or queued (e.g. the line before a transfer).
    public var isSpeaking: Bool { player.isPlaying }

    public var isOver: Bool { outcome != nil }

    public func start() throws {
        record(CallEvent(t: 0, type: .callStarted))
        try apply(dialogue.handle(.callStarted, at: 0))
    }

    /// Advances the call by one hop: `callerHop` is what the caller said in it; `engineHop`
    /// receives what the engine plays in it.
    public func process(callerHop: UnsafeBufferPointer<Float>, engineHop: inout [Float]) throws {
        hops += 1
        let hopEnd = nowSec
        listenerEvents.removeAll(keepingCapacity: true)
        try listener.process(hop: callerHop, into: &listenerEvents)
        if !isOver { try handleListener(at: hopEnd) }
        if !isOver {
            for id in timers.due(at: hopEnd) { try apply(dialogue.handle(.timerFired(id), at: hopEnd)) }
        }
        let played = player.nextHop(into: &engineHop)
        let finishedOne = played.contains { if case .finished = $0 { return true } else { return false } }
        if !isOver, finishedOne, !player.isPlaying {
            try apply(dialogue.handle(.promptFinished, at: hopEnd))
        }
    }

    /// The caller is gone (end of the recording, or the gateway hung up).
    public func callerHungUp() throws {
        listenerEvents.removeAll(keepingCapacity: true)
        listener.finish(into: &listenerEvents)
        if !isOver { try handleListener(at: nowSec) }
        guard !isOver else { return }
        try apply(dialogue.handle(.hangUp, at: nowSec))
        if !isOver { finish(outcome: .callerHungUp, reason: "caller hung up") }
    }

    /// The record so far; a call still in progress reads as `callerHungUp`.
    public func record(voiceID: String) -> CallRecord {
        CallRecord(voice: voiceID, outcome: (outcome ?? .callerHungUp).rawValue,
                   durationSec: rounded(nowSec), events: events)
    }

    // MARK: - Listener events → dialogue

    private func handleListener(at t: Double) throws {
        for event in listenerEvents {
            switch event {
            case .frame:
                continue
            case .turnStarted(let startSec):
                if player.isPlaying {
                    // The flow decides whether speech may interrupt (it answers with stopPrompt);
                    // with barge-in off for this state the prompt plays on.
                    let actions = dialogue.handle(.bargeIn, at: t)
                    if actions.contains(.stopPrompt) {
                        var e = CallEvent(t: t, type: .bargeIn)
                        e.startSec = rounded(startSec)
                        record(e)
                    }
                    try apply(actions)
                } else {
                    try apply(dialogue.handle(.speechStarted, at: t))
                }
            case .turnEnded(let turn):
                var e = CallEvent(t: t, type: .callerTurn)
                e.startSec = rounded(turn.startSec)
                e.endSec = rounded(turn.endSec)
                e.emotion = turn.emotion.roundedForRecord()
                record(e)
                let emotion = CallerEmotion(rawValue: turn.emotion.label.rawValue) ?? .neutral
                try apply(dialogue.handle(.callerTurn(CallerTurn(
                    emotion: emotion, confidence: Double(turn.emotion.confidence),
                    startSec: turn.startSec, endSec: turn.endSec)), at: t))
            case .dtmf(let digit):
                var e = CallEvent(t: t, type: .dtmf)
                e.digit = String(digit.digit)
                e.startSec = rounded(digit.t)
                record(e)
                try apply(dialogue.handle(.dtmf(digit.digit), at: t))
            }
            if isOver { return }
        }
    }

    // MARK: - Dialogue actions → the call

    private func apply(_ actions: [DialogueAction]) throws {
        for action in actions {
            switch action {
            case .say(let utterance):
                try say(utterance)
            case .stopPrompt:
                player.stop()
            case .startTimer(let id, let after):
                timers.start(id, at: nowSec + after)
            case .cancelTimer(let id):
                timers.cancel(id)
            case .transition(let tr):
                var e = CallEvent(t: nowSec, type: .transition)
                e.from = tr.from?.rawValue
                e.to = tr.to.rawValue
                e.reason = tr.reason.description
                record(e)
            case .noInput(let state, let count):
                var e = CallEvent(t: nowSec, type: .noInput)
                e.state = state.rawValue
                e.count = count
                record(e)
            case .noMatch(let state, let count, let input):
                var e = CallEvent(t: nowSec, type: .noMatch)
                e.state = state.rawValue
                e.count = count
                e.input = input
                record(e)
            case .styleChanged(let change):
                var e = CallEvent(t: nowSec, type: .styleChanged)
                e.from = change.from.rawValue
                e.to = change.to.rawValue
                e.reason = change.description
                record(e)
            case .transfer(let target, let reason):
                var e = CallEvent(t: nowSec, type: .transfer)
                e.target = target
                e.reason = reason
                record(e)
                finish(outcome: .transferred, reason: reason)
            case .hangUp(let outcome, let reason):
                finish(outcome: outcome, reason: reason)
            }
        }
    }

    private func say(_ u: Utterance) throws {
        let audio = try prompts.audio(for: u, rateHz: rate.hz)
        let id = nextPromptID
        nextPromptID += 1
        var e = CallEvent(t: nowSec, type: .prompt)
        e.key = u.key.rawValue
        e.style = u.style.rawValue
        e.variant = u.variant.rawValue
        e.text = u.text
        e.language = u.language
        e.purpose = u.purpose.rawValue
        e.durationSec = rounded(Double(audio.count) / Double(rate.hz))
        e.delivery = u.audioPath.map { "recording \($0)" } ?? u.synthesis.deliveryDescription
        record(e)
        player.enqueue(.init(id: id, samples: audio))
    }

    private func finish(outcome: DialogueOutcome, reason: String) {
        guard !isOver else { return }
        self.outcome = outcome
        timers.cancelAll()
        var e = CallEvent(t: nowSec, type: .hangup)
        e.outcome = outcome.rawValue
        e.reason = reason
        record(e)
    }

    private func record(_ e: CallEvent) {
        var e = e
        e.t = rounded(e.t)
        events.append(e)
    }
}

func rounded(_ x: Double) -> Double { (x * 1000).rounded() / 1000 }

extension EmotionEstimate {
    func roundedForRecord() -> EmotionEstimate {
        var e = self
        e.arousal = Float((Double(arousal) * 1000).rounded() / 1000)
        e.confidence = Float((Double(confidence) * 1000).rounded() / 1000)
        return e
    }
}
