import AudioCore
import Codecs
import Emotion
import FrontEnd
import Prosody
import TurnTaking

/// The engine's ears for one call: caller audio in at the pipeline rate, one 10 ms hop at a time;
/// DTMF digits, per-hop prosody frames and caller turns (with prosody and emotion) out.
///
/// Per hop: in-band DTMF, spectral balance and the F0 tracker on the decoded audio; the webrtc
/// front end (HPF, echo cancellation against the engine's own output when it is given, NS, AGC,
/// VAD) → energy and speech gate on the cleaned audio → the turn detector, **on the same hop**:
/// a turn's start (barge-in) is reported on the hop where `startSpeechMs` of speech is reached.
/// Prosody frames come `latencyHops` behind the audio, because the F0 tracker decides each frame
/// with a short lookahead; a turn's end is reported once the detector has declared it and its
/// last frame is out (with the default 700 ms end silence: on the hop it is declared).
///
/// At each turn's end: prosody summary, voice features (spectral balance per hop, see
/// `TurnFeatureAnalyzer`) and the emotion estimate — by the explainable rules (default) or by the
/// trained model against the caller's own voice baseline (`ListenerConfig.emotionEstimator`).
///
/// Why the tracker reads the audio before noise suppression: measured against Praat on telephone
/// copies of real speech (AnalysisTests/PipelinePitchAccuracyTests), tracking the suppressed
/// audio raised the gross pitch error from 2.36 % to 4.15 % (suppression artefacts create octave
/// errors), while the tracker's own normalised autocorrelation copes with stationary noise.
///
/// One instance per call, driven from one thread (the call session's). `process` does not
/// allocate once the caller's `events` buffer has capacity (checked by
/// ListenerAllocationTests), except on the hop a turn ends (its summary and emotion), the first
/// hop with a far end (it starts the echo canceller) and when a turn runs past the 30 s of
/// history reserved up front.
public final class CallerListener {
    public let config: ListenerConfig
    public let rate: PipelineRate
    /// Hops between feeding hop k and receiving its `ProsodyFrame` (turn starts have none).
    public var latencyHops: Int { pitch.latencyHops }

    private let frontEnd: FrontEndProcessor
    private let pitch: PitchTracker
    private let dtmf: DTMFDetector?
    private let dtmfResampler: Resampler?
    private var gate: SpeechGate
    private var turns: TurnDetector
    private let summarizer: TurnProsodyAnalyzer
    private let ruleEstimator: RuleBasedEmotionEstimator
    private let spectral: SpectralBalanceAnalyzer
    private let featureAnalyzer: TurnFeatureAnalyzer
    private let trainedEstimator: TrainedEmotionEstimator
    private var voiceBaseline: VoiceBaseline
    private var baseline = CallerBaseline()

    private let hopSamples: Int
    /// The hop being cleaned by the front end, and a silent far end.
    private let work: UnsafeMutableBufferPointer<Float>
    private let silence: UnsafeMutableBufferPointer<Float>
    private let dtmf8k: UnsafeMutableBufferPointer<Float>
    private var dtmfEvents: [DTMFEvent] = []
    private var estimates: [PitchEstimate] = []
    /// Energy, speech decision and spectrum of hop k at `k % ringSize`, until its frame is out.
    private let ringSize: Int
    private var ringEnergy: [Float]
    private var ringSpeech: [Bool]
    private var ringSpectral: [SpectralFrame?]
    /// Hops fed (the next hop's index) and frames emitted (the next frame's index).
    private var hopsFed = 0
    private var nextFrame = 0
    /// Whether a far end was ever given: from then on a hop without one is fed as silence.
    private var farEndStarted = false
    /// Hops left during which the canceller may still be suppressing the engine's audio (it
    /// played, or played less than `echoTailHops` ago): the speech gate holds its noise floor.
    private var echoHoldHops = 0
    private let echoTailHops: Int
    /// Hops left in which speech is masked after a DTMF tone heard while the engine talked.
    private var dtmfMaskHops = 0
    static let dtmfEchoMaskHops = 50
    /// Hops masked after a tone heard with the engine silent: a codec's smear of its tail.
    static let dtmfToneMaskHops = 10
    /// A turn the detector has ended whose last frame is not out yet.
    private var endedTurn: (startFrame: Int, endFrame: Int)?
    /// Frames kept for the turn in progress; `history[0]` is frame `historyStart`.
    private var history: [ProsodyFrame] = []
    private var historyStart = 0
    private var turnCount = 0

    public init(config: ListenerConfig = .init(), rate: PipelineRate) throws {
        self.config = config
        self.rate = rate
        hopSamples = rate.hopSamples
        frontEnd = try FrontEndProcessor(config: config.frontEnd, sampleRateHz: rate.hz)
        var pitchConfig = PitchTrackerConfig(sampleRateHz: rate.hz)
        pitchConfig.minF0Hz = config.minF0Hz
        pitchConfig.maxF0Hz = config.maxF0Hz
        pitchConfig.initialPeakReferenceDBFS = config.pitchInitialPeakReferenceDBFS
        pitch = try PitchTracker(config: pitchConfig)
        if config.dtmfEnabled {
            dtmf = DTMFDetector(config: config.dtmf)
            dtmfResampler = rate.hz == DTMFDetector.sampleRateHz ? nil
                : try Resampler(inputRateHz: rate.hz, outputRateHz: DTMFDetector.sampleRateHz)
        } else {
            dtmf = nil
            dtmfResampler = nil
        }
        var gateConfig = config.speechGate
        gateConfig.useVAD = config.speechGate.useVAD && config.frontEnd.voiceDetection.enabled
        gate = SpeechGate(config: gateConfig)
        turns = TurnDetector(config: config.turns)
        summarizer = TurnProsodyAnalyzer(config: config.turnProsody)
        ruleEstimator = RuleBasedEmotionEstimator(config: config.emotion)
        spectral = try SpectralBalanceAnalyzer(config: config.spectral, sampleRateHz: rate.hz)
        featureAnalyzer = TurnFeatureAnalyzer(config: config.turnFeatures)
        trainedEstimator = TrainedEmotionEstimator(model: config.emotionModel)
        voiceBaseline = VoiceBaseline(minimumTurns: config.baselineMinimumTurns)
        work = .allocate(capacity: hopSamples)
        work.initialize(repeating: 0)
        silence = .allocate(capacity: hopSamples)
        silence.initialize(repeating: 0)
        dtmf8k = .allocate(capacity: dtmfResampler?.maxOutputCount(forInputCount: hopSamples) ?? 1)
        dtmf8k.initialize(repeating: 0)
        // The echo arrives `delayMs` after the far end and the canceller's suppression decays
        // over about 100 ms more.
        echoTailHops = (config.frontEnd.echoCancellation.delayMs + 100) / 10
        ringSize = pitch.latencyHops + 2
        ringEnergy = [Float](repeating: 0, count: ringSize)
        ringSpeech = [Bool](repeating: false, count: ringSize)
        ringSpectral = [SpectralFrame?](repeating: nil, count: ringSize)
        estimates.reserveCapacity(pitch.latencyHops + 2)
        history.reserveCapacity(3000)
        dtmfEvents.reserveCapacity(4)
    }

    deinit {
        work.deallocate()
        silence.deallocate()
        dtmf8k.deallocate()
    }

    /// Feeds one 10 ms hop (`rate.hopSamples` samples) of the caller and appends what it
    /// completed to `events`. For a stream with no far end (a recording analysed offline).
    public func process(hop: UnsafeBufferPointer<Float>, into events: inout [ListenerEvent]) throws {
        try process(hop: hop, farEnd: nil, into: &events)
    }

    /// Feeds one 10 ms hop of the caller together with `farEnd`, the engine's hop played towards
    /// the caller at the same time (nil when the engine is silent), which the echo canceller
    /// (`ListenerConfig.frontEnd.echoCancellation`) removes from the caller's audio before the
    /// speech gate, so the engine's own prompt leaking back does not start a turn. Appends what
    /// the hop completed to `events`.
    public func process(hop: UnsafeBufferPointer<Float>, farEnd: UnsafeBufferPointer<Float>?,
                        into events: inout [ListenerEvent]) throws {
        precondition(hop.count == hopSamples, "a hop is exactly 10 ms")
        detectDigits(hop, into: &events)
        // Spectral balance on the line's audio as received: noise suppression adapts its gains
        // to the level and would make the spectral measures depend on the line's gain. Only
        // when voice features are wanted: it is a third of the listener's per-hop cost.
        let balance = config.collectsVoiceFeatures ? spectral.process(hop: hop) : nil
        try feedFarEnd(farEnd)
        _ = work.update(fromContentsOf: hop)
        let vad = try frontEnd.process(work)
        let energy = Level.rmsDBFS(UnsafeBufferPointer(work))
        var speech = gate.isSpeech(vad: vad, energyDBFS: energy, holdFloor: echoHoldHops > 0)
        // A key tone is not the caller's voice: no speech while one sounds. A lossy codec (Opus)
        // smears the tones, and the smeared part used to make a "turn" of keys that then stood
        // in the caller's voice baseline. A key pressed while the engine talks also makes the
        // canceller's filter diverge, and it leaks the prompt for a few hundred ms after the tone
        // (measured on the fixture calls): then no speech until `dtmfEchoMaskHops` after its end.
        if dtmf?.isToneActive == true { dtmfMaskHops = echoHoldHops > 0 ? Self.dtmfEchoMaskHops : Self.dtmfToneMaskHops }
        if dtmfMaskHops > 0 { speech = false; dtmfMaskHops -= 1 }
        let slot = hopsFed % ringSize
        ringEnergy[slot] = energy
        ringSpeech[slot] = speech
        ringSpectral[slot] = balance
        decideTurn(frame: hopsFed, speech: speech, into: &events)
        hopsFed += 1
        estimates.removeAll(keepingCapacity: true)
        pitch.process(hop: hop, into: &estimates)
        emitFrames(into: &events)
    }

    /// End of the stream: drains the tracker and closes a turn in progress.
    public func finish(into events: inout [ListenerEvent]) {
        if let dtmf {
            dtmfEvents.removeAll(keepingCapacity: true)
            dtmf.flush(into: &dtmfEvents)
            report(dtmfEvents, into: &events)
        }
        estimates.removeAll(keepingCapacity: true)
        pitch.flush(into: &estimates)
        emitFrames(into: &events)
        if case .turnEnded(let start, let end)? = turns.finish(endFrame: hopsFed) {
            events.append(.turnEnded(endTurn(startFrame: start, endFrame: end)))
        }
    }

    /// The engine's hop to the echo canceller (silence once a far end was ever given).
    private func feedFarEnd(_ farEnd: UnsafeBufferPointer<Float>?) throws {
        guard config.frontEnd.echoCancellation.enabled else { return }
        if let farEnd {
            precondition(farEnd.count == hopSamples, "a far-end hop is exactly 10 ms")
            try frontEnd.processFarEnd(farEnd)
            farEndStarted = true
            if Level.rmsDBFS(farEnd) > Self.farEndActiveDBFS { echoHoldHops = echoTailHops + 1 }
        } else if farEndStarted {
            try frontEnd.processFarEnd(UnsafeBufferPointer(silence))
        }
        if echoHoldHops > 0 { echoHoldHops -= 1 }
    }

    /// A far-end hop above this level is the engine talking (its dither and silence are below).
    static let farEndActiveDBFS: Float = -60

    private func detectDigits(_ hop: UnsafeBufferPointer<Float>, into events: inout [ListenerEvent]) {
        guard let dtmf else { return }
        dtmfEvents.removeAll(keepingCapacity: true)
        if let resampler = dtmfResampler {
            let count = resampler.process(hop, into: dtmf8k)
            dtmf.process(UnsafeBufferPointer(rebasing: dtmf8k[0..<count]), into: &dtmfEvents)
        } else {
            dtmf.process(hop, into: &dtmfEvents)
        }
        if !dtmfEvents.isEmpty { report(dtmfEvents, into: &events) }
    }

    private func report(_ digits: [DTMFEvent], into events: inout [ListenerEvent]) {
        for d in digits {
            events.append(.dtmf(DetectedDigit(t: d.startSec,
                                              digit: d.digit, durationMs: d.durationMs.map { Int($0.rounded()) })))
        }
    }

    /// The turn detector on the hop just heard: a start is reported at once (barge-in must not
    /// wait for the pitch tracker); an end waits in `endedTurn` until its frames are out.
    private func decideTurn(frame: Int, speech: Bool, into events: inout [ListenerEvent]) {
        switch turns.process(frame: frame, speech: speech) {
        case .turnStarted(let start)?:
            events.append(.turnStarted(startSec: Double(start) * 0.01))
        case .turnEnded(let start, let end)?:
            // Only with an end silence shorter than the tracker's latency can a turn end before
            // the previous one's frames are out: that one is summarized on the frames it has.
            if let waiting = endedTurn {
                events.append(.turnEnded(endTurn(startFrame: waiting.startFrame, endFrame: waiting.endFrame)))
            }
            endedTurn = (start, end)
        case nil:
            break
        }
    }

    private func emitFrames(into events: inout [ListenerEvent]) {
        // Indexed, not `for … in`: unoptimized (debug) builds allocate the iterator's element
        // on every call, and the allocation test runs in debug.
        for i in 0..<estimates.count {
            let estimate = estimates[i]
            let slot = nextFrame % ringSize
            let frame = ProsodyFrame(t: (Double(nextFrame) + 0.5) * 0.01, f0Hz: estimate.voiced ? estimate.f0Hz : 0,
                                     voiced: estimate.voiced, energyDB: ringEnergy[slot], speech: ringSpeech[slot],
                                     spectral: ringSpectral[slot])
            events.append(.frame(frame))
            history.append(frame)
            nextFrame += 1
            if let ended = endedTurn, nextFrame >= ended.endFrame {
                endedTurn = nil
                events.append(.turnEnded(endTurn(startFrame: ended.startFrame, endFrame: ended.endFrame)))
            }
            trimHistory()
        }
    }

    /// Outside a turn only the last second of frames is kept (a turn is declared 200 ms after
    /// it began; the detector runs `latencyHops` ahead of the frames, so the kept second still
    /// reaches back past any turn it can start).
    private func trimHistory() {
        guard case .quiet = turns.state, endedTurn == nil, history.count > 200 else { return }
        let drop = history.count - 100
        history.removeFirst(drop)
        historyStart += drop
    }

    private func endTurn(startFrame: Int, endFrame: Int) -> CallerTurn {
        let lo = max(0, startFrame - historyStart), hi = min(history.count, endFrame - historyStart)
        let frames = history[lo..<max(lo, hi)]
        var prosody = summarizer.summarize(frames)
        prosody.relative = baseline.relative(prosody)
        let features = config.collectsVoiceFeatures ? featureAnalyzer.features(frames) : nil
        let emotion: EmotionEstimate
        if config.emotionEstimator == .trained, let features {
            emotion = trainedEstimator.estimate(features, baseline: voiceBaseline)
        } else {
            emotion = ruleEstimator.estimate(prosody)
        }
        // The baselines are the caller's calm voice: an emotional turn must not drag them along
        // (after one irritated turn the next would otherwise sound "normal").
        if let features, emotion.label == .neutral || !voiceBaseline.isEstablished { voiceBaseline.add(features) }
        if emotion.label == .neutral || !baseline.isEstablished { baseline.add(prosody) }
        turnCount += 1
        return CallerTurn(index: turnCount, startSec: Double(startFrame) * 0.01, endSec: Double(endFrame) * 0.01,
                          prosody: prosody, features: features, emotion: emotion)
    }
}
