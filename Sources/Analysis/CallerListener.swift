import AudioCore
import Codecs
import Emotion
import FrontEnd
import Prosody
import TurnTaking

/// The engine's ears for one call: caller audio in at the pipeline rate, one 10 ms hop at a time;
/// DTMF digits, per-hop prosody frames and caller turns (with prosody and emotion) out.
///
/// Per hop: in-band DTMF, spectral balance and the F0 tracker on the decoded audio; the webrtc front end (HPF, NS,
/// AGC, VAD) → energy and speech gate on the cleaned audio; then the turn detector. Everything
/// after the F0 tracker runs `latencyHops` behind the audio, because the tracker decides each
/// frame with a short lookahead.
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
/// allocate once the caller's `events` buffer has capacity, except when a turn ends or a turn
/// runs past the 30 s of history reserved up front.
public final class CallerListener {
    public let config: ListenerConfig
    public let rate: PipelineRate
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
    private var work: [Float]
    private var dtmf8k: [Float] = []
    private var dtmfEvents: [DTMFEvent] = []
    private var estimates: [PitchEstimate] = []
    /// (energy, speech, spectrum) of hops fed to the tracker whose estimate has not come out yet.
    private var pending: [(energyDB: Float, speech: Bool, spectral: SpectralFrame?)] = []
    private var pendingHead = 0
    /// Frames kept for the turn in progress; `history[0]` is frame `historyStart`.
    private var history: [ProsodyFrame] = []
    private var historyStart = 0
    private var nextFrame = 0
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
        work = [Float](repeating: 0, count: hopSamples)
        estimates.reserveCapacity(8)
        pending.reserveCapacity(64)
        history.reserveCapacity(3000)
        dtmf8k.reserveCapacity(hopSamples)
        dtmfEvents.reserveCapacity(4)
    }

    /// Feeds one 10 ms hop (`rate.hopSamples` samples) and appends what it completed to `events`.
    public func process(hop: UnsafeBufferPointer<Float>, into events: inout [ListenerEvent]) throws {
        precondition(hop.count == hopSamples, "a hop is exactly 10 ms")
        detectDigits(hop, into: &events)
        // Spectral balance on the line's audio as received: noise suppression adapts its gains
        // to the level and would make the spectral measures depend on the line's gain. Only
        // when voice features are wanted: it is a third of the listener's per-hop cost.
        let balance = config.collectsVoiceFeatures ? spectral.process(hop: hop) : nil
        for i in 0..<hopSamples { work[i] = hop[i] }
        let vad = try work.withUnsafeMutableBufferPointer { try frontEnd.process($0) }
        let energy = Level.rmsDBFS(work)
        pending.append((energy, gate.isSpeech(vad: vad, energyDBFS: energy), balance))
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
        if case .turnEnded(let start, let end)? = turns.finish(endFrame: nextFrame) {
            events.append(.turnEnded(endTurn(startFrame: start, endFrame: end)))
        }
    }

    private func detectDigits(_ hop: UnsafeBufferPointer<Float>, into events: inout [ListenerEvent]) {
        guard let dtmf else { return }
        dtmfEvents.removeAll(keepingCapacity: true)
        if let resampler = dtmfResampler {
            dtmf8k.removeAll(keepingCapacity: true)
            resampler.process(hop, into: &dtmf8k)
            dtmf8k.withUnsafeBufferPointer { dtmf.process($0, into: &dtmfEvents) }
        } else {
            dtmf.process(hop, into: &dtmfEvents)
        }
        report(dtmfEvents, into: &events)
    }

    private func report(_ digits: [DTMFEvent], into events: inout [ListenerEvent]) {
        for d in digits {
            events.append(.dtmf(DetectedDigit(t: d.startSec,
                                              digit: d.digit, durationMs: d.durationMs.map { Int($0.rounded()) })))
        }
    }

    private func emitFrames(into events: inout [ListenerEvent]) {
        for estimate in estimates {
            let (energy, speech, balance) = pending[pendingHead]
            pendingHead += 1
            let frame = ProsodyFrame(t: (Double(nextFrame) + 0.5) * 0.01, f0Hz: estimate.voiced ? estimate.f0Hz : 0,
                                     voiced: estimate.voiced, energyDB: energy, speech: speech, spectral: balance)
            events.append(.frame(frame))
            history.append(frame)
            switch turns.process(frame: nextFrame, speech: speech) {
            case .turnStarted(let start)?:
                events.append(.turnStarted(startSec: Double(start) * 0.01))
            case .turnEnded(let start, let end)?:
                events.append(.turnEnded(endTurn(startFrame: start, endFrame: end)))
            case nil:
                break
            }
            nextFrame += 1
            trimHistory()
        }
        if pendingHead > 32 {  // compact now and then instead of removing from the front each hop
            pending.removeFirst(pendingHead)
            pendingHead = 0
        }
    }

    /// Outside a turn only the last second is kept (a turn is declared 200 ms after it began).
    private func trimHistory() {
        guard case .quiet = turns.state, history.count > 200 else { return }
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
        if let features { voiceBaseline.add(features) }
        // The baseline is the caller's calm voice: an emotional turn must not drag it along
        // (after one irritated turn the next would otherwise sound "normal").
        if emotion.label == .neutral || !baseline.isEstablished { baseline.add(prosody) }
        turnCount += 1
        return CallerTurn(index: turnCount, startSec: Double(startFrame) * 0.01, endSec: Double(endFrame) * 0.01,
                          prosody: prosody, features: features, emotion: emotion)
    }
}
