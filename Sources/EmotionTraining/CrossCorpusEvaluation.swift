import Emotion
import Foundation

/// Leave one corpus out (issue 11): for each corpus, a model is trained with the shipped recipe
/// on every other corpus (all their lines) and judged on the left-out corpus's reference line,
/// as calls (`CallProtocol`) and as first turns (population priors). Speakers never mix: no
/// left-out speaker trained, calibrated or formed the norms of the model that judges them.
public enum CrossCorpusEvaluation {
    public struct Direction: Sendable {
        public var testCorpus: String
        public var trainCorpora: [String]
        public var model: EmotionModel
        /// The left-out corpus's rows on the reference line.
        public var testRows: [FeatureRow]
        public var call: EmotionEvaluation.Result
        public var firstTurn: EmotionEvaluation.Result
    }

    public static func run(_ rows: [FeatureRow], reference: String, recipe: TrainingRecipe = .init(),
                           calibration: [FeatureRow] = [], log: (String) -> Void = { _ in }) throws -> [Direction] {
        let corpora = Set(rows.map(\.item.corpus)).sorted()
        guard corpora.count >= 2 else {
            throw EmotionTrainingError.training("leave-one-corpus-out needs rows of two corpora or more (feature tables record theirs: `, corpus NAME`)")
        }
        return try corpora.map { held in
            let train = corpora.filter { $0 != held }
            log("training on \(train.joined(separator: "+")), testing on \(held)")
            let model = try EmotionTrainer.train(rows.filter { $0.item.corpus != held }, reference: reference, recipe: recipe,
                                                 calibration: calibration, modelVersion: "without \(held)", trainedOn: train.joined(separator: "+"),
                                                 licence: "")
            let test = rows.filter { $0.item.corpus == held && $0.condition == reference }
            return Direction(testCorpus: held, trainCorpora: train, model: model, testRows: test,
                             call: result(model, test, .call), firstTurn: result(model, test, .populationOnly))
        }
    }

    static func result(_ model: EmotionModel, _ rows: [FeatureRow], _ p: EmotionEvaluation.BaselineProtocol) -> EmotionEvaluation.Result {
        EmotionEvaluation.score(EmotionEvaluation.predict(model, rows: rows, indices: Array(rows.indices), baseline: p),
                                rows: rows, protocolName: p.rawValue, folds: [])
    }
}

/// The issue's error rates on a set of predictions, overall or for one sex.
public struct ErrorRates: Sendable {
    /// Anger targets heard as cheerful or bored, of all anger targets.
    public var angerAsCheerfulOrBored: (Int, Int)
    /// Neutral (calm) targets called irritated or anxious.
    public var calmAlarmed: (Int, Int)
    /// Neutral targets heard as high arousal.
    public var calmHighArousal: (Int, Int)

    public init(_ r: EmotionEvaluation.Result, rows: [FeatureRow], sex: String? = nil) {
        var anger = (0, 0), calm = (0, 0), high = (0, 0)
        for p in r.predictions where sex == nil || rows[p.row].item.sex == sex {
            switch rows[p.row].item.label {
            case .irritated:
                anger.1 += 1
                if p.estimate.label == .cheerful || p.estimate.label == .bored { anger.0 += 1 }
            case .neutral:
                calm.1 += 1
                high.1 += 1
                if CalmSpeechCheck.isAlarm(p.estimate.label) { calm.0 += 1 }
                if p.highArousal { high.0 += 1 }
            default: break
            }
        }
        angerAsCheerfulOrBored = anger
        calmAlarmed = calm
        calmHighArousal = high
    }

    public static func rate(_ x: (Int, Int)) -> Double { Double(x.0) / Double(max(1, x.1)) }
}
