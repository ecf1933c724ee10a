import Emotion
import Foundation
import Prosody

/// Speaker-independent evaluation: whole speakers are held out (4 per fold: 6 folds on the
/// 24 RAVDESS actors), a model is trained on the others with the shipped recipe, and each
/// held-out utterance is judged against a baseline formed from that speaker's *other* held-out
/// utterances only — never from labels, never from training speakers.
public enum EmotionEvaluation {
    /// How the held-out speaker's baseline is formed.
    public enum BaselineProtocol: String, Sendable, CaseIterable {
        /// Mean of the speaker's other utterances (all emotions, unlabelled) — the per-speaker
        /// normalisation the reference system uses, and what a long call's earlier turns give.
        case otherUtterances = "other utterances"
        /// A simulated call: the speaker's utterances in a fixed shuffled order, each judged
        /// against the earlier ones only (population priors until the baseline is established).
        case sequentialCall = "sequential call"
        /// No baseline at all: every utterance judged against population priors (a first turn).
        case populationOnly = "population priors only"
    }

    public static let fourClasses: [EmotionLabel] = [.neutral, .irritated, .bored, .cheerful]

    public struct Prediction: Sendable {
        public var row: Int
        public var estimate: EmotionEstimate
        /// Winner among the four classes (neutral, irritated, bored, cheerful).
        public var fourClassLabel: EmotionLabel
        public var highArousal: Bool
    }

    public struct Result: Sendable {
        public var protocolName: String
        public var arousal: ConfusionMatrix
        public var fourClass: ConfusionMatrix
        public var fiveClass: ConfusionMatrix
        public var folds: [[String]]
        /// Predictions for every labelled row, in row order.
        public var predictions: [Prediction]
    }

    /// Speakers in order (numerically when they are numbers), `perFold` at a time.
    public static func folds(speakers: Set<String>, perFold: Int = 4) -> [[String]] {
        let sorted = speakers.sorted { a, b in
            if let x = Int(a), let y = Int(b) { return x < y }
            return a < b
        }
        return stride(from: 0, to: sorted.count, by: perFold).map { Array(sorted[$0..<min($0 + perFold, sorted.count)]) }
    }

    public static func crossValidate(_ rows: [FeatureRow], recipe: TrainingRecipe = .init(),
                                     baseline: BaselineProtocol = .otherUtterances, perFold: Int = 4,
                                     testRows: [FeatureRow]? = nil) throws -> Result {
        let test = testRows ?? rows
        let folds = folds(speakers: Set(rows.map(\.item.speaker)), perFold: perFold)
        var predictions: [Prediction] = []
        for fold in folds {
            let held = Set(fold)
            let model = try EmotionTrainer.train(rows.filter { !held.contains($0.item.speaker) }, recipe: recipe,
                                                 modelVersion: "fold", trainedOn: "fold", licence: "")
            let testIndices = test.indices.filter { held.contains(test[$0].item.speaker) }
            predictions += predict(model, rows: test, indices: testIndices, baseline: baseline)
        }
        predictions.sort { $0.row < $1.row }
        return score(predictions, rows: test, protocolName: baseline.rawValue, folds: folds)
    }

    /// Predictions for the labelled rows among `indices`, each against its baseline.
    public static func predict(_ model: EmotionModel, rows: [FeatureRow], indices: [Int],
                               baseline: BaselineProtocol, minimumTurns: Int = 2) -> [Prediction] {
        let subset = indices.map { rows[$0] }
        var references = [[Float]?](repeating: nil, count: subset.count)
        switch baseline {
        case .otherUtterances:
            references = EmotionTrainer.leaveOneOutBaselines(subset)
        case .populationOnly:
            break
        case .sequentialCall:
            var rng = SplitMix(seed: 20_180_516)
            let order = Array(subset.indices).shuffled(using: &rng)
            var calls: [String: VoiceBaseline] = [:]
            for i in order {
                let speaker = subset[i].item.speaker
                let b = calls[speaker, default: VoiceBaseline(minimumTurns: minimumTurns)]
                references[i] = b.isEstablished ? b.mean : nil
                calls[speaker, default: VoiceBaseline(minimumTurns: minimumTurns)].add(subset[i].features)
            }
        }
        let estimator = TrainedEmotionEstimator(model: model)
        return subset.indices.compactMap { i in
            guard subset[i].item.label != nil else { return nil }
            return prediction(estimator, subset[i].features, reference: references[i], row: indices[i])
        }
    }

    static func prediction(_ estimator: TrainedEmotionEstimator, _ f: TurnFeatures, reference: [Float]?, row: Int) -> Prediction {
        let model = estimator.model
        let estimate = estimator.estimate(f, reference: reference)
        let mode = reference == nil ? model.population : model.relative
        let z = model.inputs(f, reference: reference)
        let p = mode.labelClassifier.probabilities(z)
        var four = EmotionLabel.neutral, bestP: Float = -1
        for label in fourClasses {
            if let c = model.labels.firstIndex(of: label), p[c] > bestP { bestP = p[c]; four = label }
        }
        if four != .neutral && bestP < mode.minimumLabelProbability { four = .neutral }
        if estimate.label == .neutral && estimate.reasons.first?.hasSuffix("(inside the dead zone)") == true { four = .neutral }
        return Prediction(row: row, estimate: estimate, fourClassLabel: four, highArousal: estimate.arousal > 0)
    }

    static func score(_ predictions: [Prediction], rows: [FeatureRow], protocolName: String, folds: [[String]]) -> Result {
        var arousal = ConfusionMatrix(classes: ["low", "high"])
        var four = ConfusionMatrix(classes: fourClasses.map(\.rawValue))
        var five = ConfusionMatrix(classes: EmotionLabel.allCases.map(\.rawValue))
        for p in predictions {
            let truth = rows[p.row].item.label!
            arousal.add(truth: EmotionCorpus.isHighArousal(truth) ? 1 : 0, predicted: p.highArousal ? 1 : 0)
            five.add(truth: EmotionLabel.allCases.firstIndex(of: truth)!,
                     predicted: EmotionLabel.allCases.firstIndex(of: p.estimate.label)!)
            if let t = fourClasses.firstIndex(of: truth) {
                four.add(truth: t, predicted: fourClasses.firstIndex(of: p.fourClassLabel)!)
            }
        }
        return Result(protocolName: protocolName, arousal: arousal, fourClass: four, fiveClass: five, folds: folds,
                      predictions: predictions)
    }
}

/// SplitMix64: a small seeded generator, so the simulated call order is the same on every machine.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
