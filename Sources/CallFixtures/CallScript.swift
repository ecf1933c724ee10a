import Dialogue

/// How a scripted caller recording is made and what a replay of it must do: the manifest of one
/// fixture call (`audio-fixtures/calls/<name>.yaml`, rendered to `<name>.wav` beside it).
public struct CallScript: Sendable, Equatable, Codable {
    /// What the call is for, in a sentence.
    public var description: String
    /// The brand voice profile the replay uses (`voices/<id>.yaml`).
    public var voice: String
    /// The recording's sample rate (default 8000, a telephone call).
    public var rateHz: Int?
    /// Line noise added under everything, dBFS RMS (nil: digital silence between words).
    public var noiseDBFS: Float?
    /// The caller's default synthetic voice in espeak-ng's scales; the same fields as a voice
    /// profile's per-language voice. Needed only by `say` steps: a caller made of recordings
    /// (`play`) has none.
    public var caller: CallerVoice?
    /// What the caller does, in order.
    public var script: [Segment]
    /// What a replay must show.
    public var expect: Expectation

    public var effectiveRateHz: Int { rateHz ?? 8000 }

    /// One step of the caller: a pause, a spoken line (with optional delivery overrides), a
    /// recorded utterance, or keys.
    public struct Segment: Sendable, Equatable, Codable {
        public var silence: Double?
        public var say: String?
        public var dtmf: String?
        /// A recorded utterance spoken by a real person: an audio file (any format the analyser
        /// reads), relative to the manifest's folder; mono or the channels' mix, resampled to the
        /// call's rate.
        public var play: String?
        /// Gain on `play`, dB (default 0). Give one value per caller, so that the voice keeps the
        /// loudness changes its speaker made; a gain that would clip the recording is refused.
        public var gainDB: Float?
        /// Per-line overrides of the caller's voice (how an irritated or bored line is delivered).
        public var rateWPM: Int?
        public var pitch: Int?
        public var pitchRange: Int?
        public var volume: Int?
        /// Level of DTMF tones per frequency, dBm0 (default −10).
        public var levelDBm0: Int?

        public init(silence: Double? = nil, say: String? = nil, dtmf: String? = nil, play: String? = nil, gainDB: Float? = nil,
                    rateWPM: Int? = nil, pitch: Int? = nil, pitchRange: Int? = nil, volume: Int? = nil, levelDBm0: Int? = nil) {
            self.silence = silence
            self.say = say
            self.dtmf = dtmf
            self.play = play
            self.gainDB = gainDB
            self.rateWPM = rateWPM
            self.pitch = pitch
            self.pitchRange = pitchRange
            self.volume = volume
            self.levelDBm0 = levelDBm0
        }
    }

    /// The caller's voice as a script gives it: `voice` and any of the rest.
    public struct CallerVoice: Sendable, Equatable, Codable {
        public var voice: String
        public var variant: String?
        public var rateWPM: Int?
        public var pitch: Int?
        public var pitchRange: Int?
        public var volume: Int?

        /// The settings it speaks with; unset: 170 wpm, pitch 50, range 50, volume 100.
        public var settings: SynthesisSettings {
            SynthesisSettings(voice: voice, variant: variant, rateWPM: rateWPM ?? 170, pitch: pitch ?? 50,
                              pitchRange: pitchRange ?? 50, volume: volume ?? 100)
        }
    }

    public struct Expectation: Sendable, Equatable, Codable {
        /// completed | transferred | callerHungUp | failed
        public var outcome: String
        /// The states entered, in order (each entry once per visit).
        public var states: [String]?
        /// The caller's emotion per turn, in order.
        public var turnEmotions: [String]?
        /// Digits the engine must have heard, in order.
        public var digits: String?
    }
}
