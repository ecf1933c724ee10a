/// Summarises the frames of one caller turn into `TurnProsody`.
public struct TurnProsodyAnalyzer: Sendable {
    public struct Config: Sendable, Equatable, Codable {
        /// The end-of-turn F0 slope is fitted over this much voiced speech at the end.
        public var endSlopeWindowSec: Double = 0.5
        /// Fewer voiced frames than this and the pitch fields stay nil.
        public var minimumVoicedFrames: Int = 5
        /// A run of voiced frames counts as a voiced segment from this length on.
        public var minimumVoicedSegmentFrames: Int = 5
        public var syllables = SyllableCounter.Config()
        public init() {}
    }

    public let config: Config
    private let syllableCounter: SyllableCounter

    public init(config: Config = .init()) {
        self.config = config
        self.syllableCounter = SyllableCounter(config: config.syllables)
    }

    public func summarize(_ frames: ArraySlice<ProsodyFrame>, hopSec: Double = 0.01) -> TurnProsody {
        let durationSec = Double(frames.count) * hopSec
        let speechFrames = frames.filter(\.speech)
        let speechSec = Double(speechFrames.count) * hopSec
        let voicedFrames = frames.filter { $0.voiced && $0.f0Hz > 0 }
        let voicedSt = voicedFrames.map { Semitones.fromHz($0.f0Hz) }

        var f0Median: Float?, f0MedianSt: Float?, f0Range: Float?, endSlope: Float?
        if voicedFrames.count >= config.minimumVoicedFrames, let median = Stats.percentile(voicedSt, 50) {
            f0MedianSt = median
            f0Median = Semitones.toHz(median)
            f0Range = Stats.percentile(voicedSt, 90)! - Stats.percentile(voicedSt, 10)!
            endSlope = voicedFrames.endSlopeSemitonesPerSec(windowSec: config.endSlopeWindowSec, minimumFrames: config.minimumVoicedFrames)
        }
        let speechDB = speechFrames.map(\.energyDB)
        let energyMean = Stats.powerMeanDB(speechDB) ?? frames.map(\.energyDB).max() ?? -120
        let energyRange = speechDB.isEmpty ? 0 : Stats.percentile(speechDB, 90)! - Stats.percentile(speechDB, 10)!
        let pauseRatio = frames.isEmpty ? 0 : Float(frames.count - speechFrames.count) / Float(frames.count)
        let nuclei = syllableCounter.nuclei(energyDB: frames.map(\.energyDB), voiced: frames.map(\.voiced))
        let perSpeechSec = speechSec > 0 ? Float(1 / speechSec) : 0

        return TurnProsody(
            durationSec: durationSec, speechSec: speechSec,
            voicedSec: Double(voicedFrames.count) * hopSec,
            f0MedianHz: f0Median, f0MedianSemitones: f0MedianSt, f0RangeSemitones: f0Range,
            f0EndSlopeSemitonesPerSec: endSlope,
            energyMeanDBFS: energyMean, energyRangeDB: energyRange, pauseRatio: pauseRatio,
            syllableRatePerSec: Float(nuclei.count) * perSpeechSec,
            voicedSegmentRatePerSec: Float(voicedSegments(frames)) * perSpeechSec)
    }

    private func voicedSegments(_ frames: ArraySlice<ProsodyFrame>) -> Int {
        var segments = 0, run = 0
        for f in frames {
            if f.voiced { run += 1; if run == config.minimumVoicedSegmentFrames { segments += 1 } } else { run = 0 }
        }
        return segments
    }
}
