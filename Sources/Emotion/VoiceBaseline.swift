import Prosody

/// The caller's own voice: a running mean of their earlier turns' features, each turn weighted
/// by its speech time, each feature over the turns that measured it.
///
/// Callers differ more from each other than from themselves; once established, each turn is
/// judged against this (see `TrainedEmotionEstimator`). A constant line gain moves every turn's
/// `level` equally, so it cancels here.
public struct VoiceBaseline: Sendable, Equatable {
    /// Turns with less speech than this say too little about the voice and are not added.
    public var minimumSpeechSec: Double
    /// Turns needed before the baseline is used (before that: population priors).
    public var minimumTurns: Int
    public private(set) var turns = 0
    private var sums: [Double]
    private var weights: [Double]

    public init(minimumSpeechSec: Double = 0.5, minimumTurns: Int = 1) {
        self.minimumSpeechSec = minimumSpeechSec
        self.minimumTurns = minimumTurns
        sums = [Double](repeating: 0, count: TurnFeature.allCases.count)
        weights = sums
    }

    public var isEstablished: Bool { turns >= minimumTurns }

    public mutating func add(_ f: TurnFeatures) {
        guard f.speechSec >= minimumSpeechSec else { return }
        turns += 1
        for j in f.values.indices where f.values[j].isFinite {
            sums[j] += f.speechSec * Double(f.values[j])
            weights[j] += f.speechSec
        }
    }

    /// Removes a turn added before (the evaluation's leave-one-out baselines use it).
    public mutating func remove(_ f: TurnFeatures) {
        guard f.speechSec >= minimumSpeechSec else { return }
        turns -= 1
        for j in f.values.indices where f.values[j].isFinite {
            sums[j] -= f.speechSec * Double(f.values[j])
            weights[j] -= f.speechSec
        }
    }

    /// The mean per feature; NaN for a feature no turn measured.
    public var mean: [Float] {
        sums.indices.map { weights[$0] > 1e-9 ? Float(sums[$0] / weights[$0]) : .nan }
    }
}
