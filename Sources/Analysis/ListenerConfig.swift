import Emotion
import FrontEnd
import Prosody
import TurnTaking

/// Everything that tunes how the engine listens to a caller; one nested struct per stage, with
/// units in the field names. Defaults follow the peers (see README "Defaults").
public struct ListenerConfig: Sendable, Equatable {
    public var frontEnd = FrontEndConfig()
    public var speechGate = SpeechGate.Config()
    public var turns = TurnDetector.Config()
    /// Pitch search range; 60–500 Hz covers low male to high female and child voices.
    public var minF0Hz: Float = 60
    public var maxF0Hz: Float = 500
    /// The pitch tracker's loudness reference before any speech (peak, dBFS). Low, so the
    /// reference is set by the caller's own first words rather than by an absolute level.
    public var pitchInitialPeakReferenceDBFS: Float = -50
    public var turnProsody = TurnProsodyAnalyzer.Config()
    /// Per-hop spectral balance and harmonicity (inputs of the per-turn voice features).
    public var spectral = SpectralBalanceAnalyzer.Config()
    public var turnFeatures = TurnFeatureAnalyzer.Config()
    /// Which estimator labels each turn: the trained model by default (on real calm speech it
    /// alarms on 0 of 61 turns where the rules alarm on a third); the rules stay selectable
    /// (README "Emotion model").
    public var emotionEstimator: EmotionEstimatorKind = .trained
    /// Compute per-hop spectral balance and per-turn voice features even when the rules label
    /// the turns (corpus feature extraction needs them); the trained estimator always does.
    public var collectVoiceFeatures = false
    /// Whether the listener computes the spectral kernel and voice features.
    public var collectsVoiceFeatures: Bool { collectVoiceFeatures || emotionEstimator == .trained }
    public var emotion = RuleBasedEmotionEstimator.Config()
    /// The trained emotion model (default: the shipped one, see README "Emotion model").
    public var emotionModel = EmotionModel.default
    /// Caller turns needed before the trained estimator judges a turn against the caller's own
    /// voice baseline (before: population priors). Two: a turn against a one-turn baseline
    /// carries that turn's words twice over, and calm callers were called irritated on their
    /// second turn (calm-speech check: 4.9 % alarms, women 7.7 % / men 2.9 %, after one turn;
    /// 3.3 %, 3.8 % / 2.9 % after two). RAVDESS simulated calls: five-class UAR 0.586 after one
    /// turn, 0.583 after two (README "Emotion model").
    public var baselineMinimumTurns = 2
    /// In-band DTMF detection on the caller's audio (before the front end, which would damage tones).
    public var dtmfEnabled = true
    public var dtmf = DTMFDetectorConfig()

    public init() {}
}

/// The two emotion estimators a listener can use.
public enum EmotionEstimatorKind: String, Sendable, Equatable, CaseIterable {
    /// `RuleBasedEmotionEstimator`: fixed, explainable rules over prosodic cues.
    case rules
    /// `TrainedEmotionEstimator`: the shipped (or a retrained) model over voice features.
    case trained
}
