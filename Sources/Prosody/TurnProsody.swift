/// The prosody of one caller turn: what the emotion estimate and the call record are built on.
///
/// Pitch values are in semitones re 100 Hz (see `Semitones`), levels in dBFS after the front end.
/// Pitch fields are nil when the turn has too few voiced frames to say anything.
public struct TurnProsody: Sendable, Equatable, Codable {
    public var durationSec: Double
    /// Time the caller was speaking (speech frames), excluding pauses inside the turn.
    public var speechSec: Double
    public var voicedSec: Double
    public var f0MedianHz: Float?
    public var f0MedianSemitones: Float?
    /// 10th to 90th percentile of voiced F0, semitones.
    public var f0RangeSemitones: Float?
    /// Slope of the F0 contour over the turn's last `endSlopeWindowSec` of voiced speech,
    /// semitones per second (rising ends are positive: questions, uncertainty).
    public var f0EndSlopeSemitonesPerSec: Float?
    /// Power mean over speech frames.
    public var energyMeanDBFS: Float
    /// 10th to 90th percentile of speech-frame levels, dB.
    public var energyRangeDB: Float
    /// Share of the turn's frames that are not speech (hesitation, pauses).
    public var pauseRatio: Float
    /// Syllable nuclei per second of speech (articulation rate proxy).
    public var syllableRatePerSec: Float
    /// Voiced segments (runs of voiced frames ≥ 50 ms) per second of speech.
    public var voicedSegmentRatePerSec: Float
    /// The same measures relative to this caller's earlier turns, when there were any.
    public var relative: RelativeProsody?

    public init(durationSec: Double, speechSec: Double, voicedSec: Double, f0MedianHz: Float?,
                f0MedianSemitones: Float?, f0RangeSemitones: Float?, f0EndSlopeSemitonesPerSec: Float?,
                energyMeanDBFS: Float, energyRangeDB: Float, pauseRatio: Float, syllableRatePerSec: Float,
                voicedSegmentRatePerSec: Float, relative: RelativeProsody? = nil) {
        self.durationSec = durationSec
        self.speechSec = speechSec
        self.voicedSec = voicedSec
        self.f0MedianHz = f0MedianHz
        self.f0MedianSemitones = f0MedianSemitones
        self.f0RangeSemitones = f0RangeSemitones
        self.f0EndSlopeSemitonesPerSec = f0EndSlopeSemitonesPerSec
        self.energyMeanDBFS = energyMeanDBFS
        self.energyRangeDB = energyRangeDB
        self.pauseRatio = pauseRatio
        self.syllableRatePerSec = syllableRatePerSec
        self.voicedSegmentRatePerSec = voicedSegmentRatePerSec
        self.relative = relative
    }
}

/// A turn's prosody relative to the caller's own baseline (their earlier turns in this call).
public struct RelativeProsody: Sendable, Equatable, Codable {
    /// How many earlier turns the baseline was built from.
    public var baselineTurns: Int
    public var f0MedianDeltaSemitones: Float?
    public var f0RangeDeltaSemitones: Float?
    public var energyMeanDeltaDB: Float
    public var energyRangeDeltaDB: Float
    /// Percent faster (+) or slower (−) than the baseline syllable rate.
    public var syllableRateChangePercent: Float?
    public var pauseRatioDelta: Float

    public init(baselineTurns: Int, f0MedianDeltaSemitones: Float?, f0RangeDeltaSemitones: Float?,
                energyMeanDeltaDB: Float, energyRangeDeltaDB: Float, syllableRateChangePercent: Float?,
                pauseRatioDelta: Float) {
        self.baselineTurns = baselineTurns
        self.f0MedianDeltaSemitones = f0MedianDeltaSemitones
        self.f0RangeDeltaSemitones = f0RangeDeltaSemitones
        self.energyMeanDeltaDB = energyMeanDeltaDB
        self.energyRangeDeltaDB = energyRangeDeltaDB
        self.syllableRateChangePercent = syllableRateChangePercent
        self.pauseRatioDelta = pauseRatioDelta
    }
}
