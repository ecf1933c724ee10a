import Emotion
import Prosody
import TurnTaking

/// One caller turn as the engine heard it.
public struct CallerTurn: Sendable, Equatable {
    public var index: Int
    public var startSec: Double
    public var endSec: Double
    public var prosody: TurnProsody
    /// The turn's voice features (nil unless `ListenerConfig.collectsVoiceFeatures`).
    public var features: TurnFeatures?
    public var emotion: EmotionEstimate
}

/// A digit the caller keyed in-band.
public struct DetectedDigit: Sendable, Equatable {
    /// Tone start, seconds from stream start.
    public var t: Double
    public var digit: Character
    public var durationMs: Int?
}

/// What `CallerListener` reports, in stream order.
public enum ListenerEvent: Sendable, Equatable {
    /// One per 10 ms hop, `latencyHops` behind the audio.
    case frame(ProsodyFrame)
    /// Speech started: reported on the hop where `startSpeechMs` of speech has been heard (not
    /// held back for the pitch tracker), so it comes before the frames of those hops; used for
    /// barge-in. `startSec` is the first speech hop's start.
    case turnStarted(startSec: Double)
    /// A turn is over: reported once `endSilenceMs` of silence followed it and its frames are out.
    case turnEnded(CallerTurn)
    case dtmf(DetectedDigit)
}
