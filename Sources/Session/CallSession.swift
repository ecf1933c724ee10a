import Analysis
import AudioCore
import Dialogue
import Emotion
import TurnTaking

/// One call as a state machine driven from outside: the caller's audio in, the engine's audio
/// out, 10 ms at a time, and actions for its driver. The same code runs live calls (a transport
/// paces `hop` on a real clock) and replays (`CallReplayer`, a virtual clock as fast as the CPU
/// allows).
///
/// Inputs: `start`; `hop` with the caller's decoded audio (nil: no audio — silence, or a loss the
/// transport could not conceal); `digit` (out-of-band, RFC 4733); `promptRendered` /
/// `promptRenderFailed`; `hangUp`. Outputs: `CallAction`s appended to the caller-owned array,
/// and the engine's hop written into the caller-owned buffer.
///
/// Per hop: the `CallerListener` hears the caller (turns, emotion, in-band DTMF), with the
/// engine's previous hop as the echo canceller's reference, so a prompt leaking back through the
/// gateway does not barge in on itself; speech starting
/// while a prompt plays asks the flow about a barge-in (stopping the prompt and all queued);
/// due timers fire; the `PromptPlayer` produces the engine's hop and reports when the prompts have
/// finished; the `DialogueStateMachine` turns all of that into actions, which are carried out and
/// written to the call record. A hop that throws ends the call as `failed`, with the reason.
///
/// One owner, one thread; no actor hop, synthesis or file I/O per hop (prompts come from the
/// `PromptLibrary`, or are asked for with `.render`).
public final class CallSession {
    public let brand: Brand
    public let rate: PipelineRate
    public private(set) var events: [CallEvent] = []
    /// Seconds since the call started: the end of the last processed hop.
    public var nowSec: Double { Double(hops) / 100 }
    /// Set once, when the call ends (transfer, hang-up by either side, failure).
    public private(set) var outcome: CallOutcome?

    private let listener: CallerListener
    private var dialogue: DialogueStateMachine
    private var player: PromptPlayer
    private var timers = TimerSchedule<DialogueTimer>()
    private let prompts: PromptLibrary
    private var listenerEvents: [ListenerEvent] = []
    private var silence: [Float]
    /// The engine's previous hop: what may be leaking back into the caller's audio now (the
    /// echo canceller's far-end reference).
    private var farEnd: [Float]
    private var nextPromptID = 0
    /// Lines waiting for their audio: id → the utterance and when it was said.
    private var rendering: [Int: (utterance: Utterance, atSec: Double)] = [:]
    /// Events handed to the dialogue so far (turns, keys, timers, prompts finished, barge-ins…).
    public private(set) var dialogueEventCount = 0
    /// Hops processed; the clock is derived from it so it does not drift.
    private var hops = 0
    /// The fast barge-in path on the caller's audio as it arrives (`callerArrived`).
    private var arrival: ArrivalSpeechDetector
    /// A prompt was stopped by the fast path and the listener has not yet started that turn.
    private var arrivalBargeInUnconfirmed = false

    public init(brand: Brand, rate: PipelineRate, listener config: ListenerConfig = .init(),
                prompts: PromptLibrary) throws {
        self.brand = brand
        self.rate = rate
        self.prompts = prompts
        listener = try CallerListener(config: config, rate: rate)
        arrival = ArrivalSpeechDetector(speechGate: config.speechGate, turns: config.turns)
        dialogue = DialogueStateMachine(brand: brand)
        player = PromptPlayer(hopSamples: rate.hopSamples)
        silence = [Float](repeating: 0, count: rate.hopSamples)
        farEnd = [Float](repeating: 0, count: rate.hopSamples)
        listenerEvents.reserveCapacity(16)
    }

    /// True while the engine has audio playing, queued or being rendered (e.g. the line before
    /// a transfer).
    public var isSpeaking: Bool { player.isPlaying }
    /// True while the engine's hop carries prompt audio.
    public var isAudible: Bool { player.isAudible }
    public var isOver: Bool { outcome != nil }

    public func start(into actions: inout [CallAction]) {
        record(CallEvent(t: 0, .callStarted), &actions)
        apply(handle(.callStarted, at: 0), &actions)
    }

    /// Advances the call by one hop: `caller` is what the caller said in it (nil: nothing
    /// arrived); `engine` (`rate.hopSamples` long) receives what the engine plays in it.
    public func hop(caller: UnsafeBufferPointer<Float>?, engine: UnsafeMutableBufferPointer<Float>,
                    into actions: inout [CallAction]) {
        hops += 1
        let hopEnd = nowSec
        do {
            listenerEvents.removeAll(keepingCapacity: true)
            try farEnd.withUnsafeBufferPointer { far in
                if let caller {
                    try listener.process(hop: caller, farEnd: far, into: &listenerEvents)
                } else {
                    try silence.withUnsafeBufferPointer { try listener.process(hop: $0, farEnd: far, into: &listenerEvents) }
                }
            }
        } catch {
            fail("the caller's audio could not be processed at \(hopEnd) s: \(error)", &actions)
        }
        if !isOver { handleListener(at: hopEnd, &actions) }
        if !isOver {
            for id in timers.due(at: hopEnd) { apply(handle(.timerFired(id), at: hopEnd), &actions) }
        }
        let report = player.nextHop(into: engine)
        for i in 0..<farEnd.count { farEnd[i] = engine[i] }
        arrival.engineBlock(levelDBFS: Level.rmsDBFS(UnsafeBufferPointer(engine)))
        if !isOver, report.finished > 0, !player.isPlaying {
            apply(handle(.promptFinished, at: hopEnd), &actions)
        }
    }

    /// The caller's audio as it arrives from the network, ahead of the transport's playout delay
    /// (a replay passes each hop just before `hop`), in whole 10 ms blocks (a remainder is not
    /// heard here). The fast path of barge-in: `ArrivalSpeechDetector` (energy, echo-guarded)
    /// stops a playing prompt as soon as the speech-start threshold has arrived, without
    /// waiting for the jitter buffer and the echo canceller; the listener's turn start, later,
    /// confirms it. Speech that ends without becoming a turn lets the flow go on
    /// (`speechAbandoned`).
    public func callerArrived(_ samples: UnsafeBufferPointer<Float>, into actions: inout [CallAction]) {
        let n = rate.hopSamples
        var end = n
        while end <= samples.count, !isOver {
            let level = Level.rmsDBFS(UnsafeBufferPointer(rebasing: samples[end - n..<end]))
            let arrivedSec = nowSec + Double(end) / Double(rate.hz)
            end += n
            switch arrival.callerBlock(levelDBFS: level) {
            case .started(let speechMs)?:
                guard player.isPlaying else { break }
                let answer = handle(.bargeIn, at: nowSec)
                if answer.contains(.stopPrompt) {
                    arrivalBargeInUnconfirmed = true
                    let start = max(0, arrivedSec - Double(speechMs) / 1000)
                    record(CallEvent(t: nowSec, .bargeIn(startSec: rounded(start))), &actions)
                }
                apply(answer, &actions)
            case .ended?:
                guard arrivalBargeInUnconfirmed else { break }
                arrivalBargeInUnconfirmed = false
                apply(handle(.speechAbandoned, at: nowSec), &actions)
            case nil:
                break
            }
        }
    }

    /// A key from an out-of-band channel (RFC 4733), reported when its event began.
    public func digit(_ digit: Character, into actions: inout [CallAction]) {
        guard !isOver else { return }
        arrivalBargeInUnconfirmed = false
        record(CallEvent(t: nowSec, .dtmf(digit: digit, startSec: rounded(nowSec), source: .rfc4733)), &actions)
        apply(handle(.dtmf(digit), at: nowSec), &actions)
    }

    /// The audio of a line asked for with `.render`.
    public func promptRendered(_ id: Int, audio: [Float], into actions: inout [CallAction]) {
        guard let pending = rendering.removeValue(forKey: id) else { return }
        guard player.fill(id: id, samples: audio) else { return }  // stopped meanwhile (barge-in)
        recordPrompt(pending.utterance, durationSamples: audio.count, at: nowSec, &actions)
    }

    /// A line asked for with `.render` could not be made: the call cannot go on as designed.
    public func promptRenderFailed(_ id: Int, reason: String, into actions: inout [CallAction]) {
        guard let pending = rendering.removeValue(forKey: id) else { return }
        fail("the line \(pending.utterance.key.rawValue) could not be rendered: \(reason)", &actions)
    }

    /// The caller is gone (end of the recording, or the gateway hung up).
    public func hangUp(into actions: inout [CallAction]) {
        listenerEvents.removeAll(keepingCapacity: true)
        listener.finish(into: &listenerEvents)
        if !isOver { handleListener(at: nowSec, &actions) }
        guard !isOver else { return }
        apply(handle(.hangUp, at: nowSec), &actions)
        finish(.callerHungUp, reason: "caller hung up", &actions)
    }

    /// Ends the call from outside (the engine is shutting down, the transport failed).
    public func end(_ outcome: CallOutcome, reason: String, into actions: inout [CallAction]) {
        finish(outcome, reason: reason, &actions)
    }

    /// The record so far; a call still in progress reads as `interrupted`.
    public func record(voiceID: String) -> CallRecord {
        CallRecord(voice: voiceID, outcome: outcome ?? .interrupted, durationSec: rounded(nowSec), events: events)
    }

    // MARK: - Listener events → dialogue

    private func handleListener(at t: Double, _ actions: inout [CallAction]) {
        // By index: a for-in over the array allocates its iterator per hop in debug builds.
        var i = 0
        while i < listenerEvents.count {
            let event = listenerEvents[i]
            i += 1
            switch event {
            case .frame:
                continue
            case .turnStarted(let startSec):
                arrivalBargeInUnconfirmed = false
                if player.isPlaying {
                    // The flow decides whether speech may interrupt (it answers with stopPrompt);
                    // with barge-in off for this state the prompt plays on.
                    let answer = handle(.bargeIn, at: t)
                    if answer.contains(.stopPrompt) { record(CallEvent(t: t, .bargeIn(startSec: rounded(startSec))), &actions) }
                    apply(answer, &actions)
                } else {
                    apply(handle(.speechStarted, at: t), &actions)
                }
            case .turnEnded(let turn):
                let emotion = turn.emotion.roundedForRecord()
                record(CallEvent(t: t, .callerTurn(startSec: rounded(turn.startSec), endSec: rounded(turn.endSec),
                                                   emotion: emotion)), &actions)
                apply(handle(.callerTurn(CallerTurn(
                    emotion: turn.emotion.label, confidence: Double(turn.emotion.confidence),
                    startSec: turn.startSec, endSec: turn.endSec)), at: t), &actions)
            case .dtmf(let digit):
                arrivalBargeInUnconfirmed = false  // a key, not speech, stopped the prompt
                record(CallEvent(t: t, .dtmf(digit: digit.digit, startSec: rounded(digit.t), source: .inBand)), &actions)
                apply(handle(.dtmf(digit.digit), at: t), &actions)
            }
            if isOver { return }
        }
    }

    // MARK: - Dialogue actions → the call

    /// The dialogue's answer to an event (counted: a hop that hands it none did no dialogue work).
    private func handle(_ event: DialogueEvent, at t: Double) -> [DialogueAction] {
        dialogueEventCount += 1
        return dialogue.handle(event, at: t)
    }

    private func apply(_ dialogueActions: [DialogueAction], _ actions: inout [CallAction]) {
        for action in dialogueActions {
            switch action {
            case .say(let utterance):
                say(utterance, &actions)
            case .stopPrompt:
                for id in player.stop() { rendering[id] = nil }
            case .startTimer(let id, let after):
                timers.start(id, at: nowSec + after)
            case .cancelTimer(let id):
                timers.cancel(id)
            case .transition(let tr):
                record(CallEvent(t: nowSec, .transition(from: tr.from?.rawValue, to: tr.to.rawValue,
                                                        reason: tr.reason.description)), &actions)
            case .noInput(let state, let count):
                record(CallEvent(t: nowSec, .noInput(state: state.rawValue, count: count)), &actions)
            case .noMatch(let state, let count, let input):
                record(CallEvent(t: nowSec, .noMatch(state: state.rawValue, count: count, input: input)), &actions)
            case .styleChanged(let change):
                record(CallEvent(t: nowSec, .styleChanged(from: change.from.rawValue, to: change.to.rawValue,
                                                          reason: change.description)), &actions)
            case .transfer(let target, let reason):
                record(CallEvent(t: nowSec, .transfer(target: target, reason: reason)), &actions)
                actions.append(.transfer(target: target, reason: reason))
                finish(.transferred, reason: reason, &actions)
            case .hangUp(let outcome, let reason):
                finish(CallOutcome(outcome), reason: reason, &actions)
            }
        }
    }

    private func say(_ u: Utterance, _ actions: inout [CallAction]) {
        let id = nextPromptID
        nextPromptID += 1
        if let audio = prompts.cached(u, rateHz: rate.hz) {
            recordPrompt(u, durationSamples: audio.count, at: nowSec, &actions)
            player.enqueue(.init(id: id, samples: audio))
        } else {
            rendering[id] = (u, nowSec)
            player.enqueue(.init(id: id, samples: nil))
            actions.append(.render(PromptRenderRequest(id: id, utterance: u, rateHz: rate.hz)))
        }
    }

    private func recordPrompt(_ u: Utterance, durationSamples: Int, at t: Double, _ actions: inout [CallAction]) {
        let played = PromptPlayed(
            key: u.key.rawValue, style: u.style.rawValue, variant: u.variant.rawValue, text: u.text,
            language: u.language, purpose: u.purpose.rawValue,
            durationSec: rounded(Double(durationSamples) / Double(rate.hz)),
            delivery: u.audioPath.map { "recording \($0)" } ?? u.synthesis.deliveryDescription)
        record(CallEvent(t: t, .prompt(played)), &actions)
    }

    private func fail(_ reason: String, _ actions: inout [CallAction]) {
        player.stop()
        finish(.failed, reason: reason, &actions)
    }

    private func finish(_ outcome: CallOutcome, reason: String, _ actions: inout [CallAction]) {
        guard !isOver else { return }
        self.outcome = outcome
        timers.cancelAll()
        record(CallEvent(t: nowSec, .hangup(outcome: outcome, reason: reason)), &actions)
        actions.append(.hangUp(outcome: outcome, reason: reason))
    }

    private func record(_ e: CallEvent, _ actions: inout [CallAction]) {
        var e = e
        e.t = rounded(e.t)
        events.append(e)
        actions.append(.record(e))
    }
}

func rounded(_ x: Double) -> Double { (x * 1000).rounded() / 1000 }

extension CallOutcome {
    init(_ outcome: DialogueOutcome) {
        switch outcome {
        case .completed: self = .completed
        case .transferred: self = .transferred
        case .callerHungUp: self = .callerHungUp
        case .failed: self = .failed
        }
    }
}

extension EmotionEstimate {
    func roundedForRecord() -> EmotionEstimate {
        var e = self
        e.arousal = Float((Double(arousal) * 1000).rounded() / 1000)
        e.confidence = Float((Double(confidence) * 1000).rounded() / 1000)
        return e
    }
}
