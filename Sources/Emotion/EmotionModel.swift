import Foundation
import Prosody

/// A trained emotion model: how to standardise a turn's features and the linear classifiers
/// that read them. Stored as JSON (`Resources/emotion-model.json`, embedded in
/// `EmotionModel+Default.swift`); `ivr emotion train` writes one from a labelled corpus.
public struct EmotionModel: Sendable, Equatable, Codable {
    public static let formatVersion = 1

    public var format: Int
    /// `TurnFeature.version` the model was trained on.
    public var featureVersion: Int
    /// Identifies this model (shown in call records and reports).
    public var modelVersion: String
    /// What it was trained on and how (corpus, channel, speakers, files).
    public var trainedOn: String
    /// The terms the weights inherit from the training data.
    public var licence: String
    /// Column names, in `TurnFeature` order (checked on load).
    public var features: [String]
    /// Labels of `labelClassifier`'s classes, in order.
    public var labels: [CallerEmotion]
    /// Population mean and spread per feature (over the training turns): the priors before a
    /// caller baseline exists, and the unit each feature is measured in (z = Δ / spread).
    public var populationMean: [Float]
    public var populationStd: [Float]
    /// Dead zone around the caller's baseline: a turn whose departure from it (root mean square
    /// of the standardised features, in population spreads) is below this is neutral, so a
    /// caller who stays close to their usual voice is not pushed into some class by normalisation.
    public var deadZone: Float
    /// Features the model does not read (too unstable across lines to be trusted): their inputs
    /// are 0, so their weights are 0.
    public var ignoredFeatures: [String]
    /// Standardised values are clamped to ±this, so one wild measurement cannot dominate.
    public var clampZ: Float
    /// In relative mode, the classifiers also read the turn against population priors (inputs
    /// n…2n−1), so a caller whose whole call is agitated is not read as calm by normalisation.
    public var relativeIncludesPopulation: Bool
    /// Against the caller's baseline (established callers).
    public var relative: Mode
    /// Against population priors (before a baseline exists); features that need a baseline are
    /// left out there.
    public var population: Mode
    /// How the model was trained (hyperparameters, sizes), for the record.
    public var training: [String: String]
    /// What each answer costs a service line, `decisionCosts[truth][decision]` over `labels`:
    /// with it a turn gets the label of least expected cost under the calibrated probabilities
    /// (see `EmotionModel+Decision.swift`); nil: the most probable label.
    public var decisionCosts: [[Float]]?

    public struct Mode: Sendable, Equatable, Codable {
        public var labelClassifier: LinearClassifier
        /// Classes: [low, high] arousal.
        public var arousalClassifier: LinearClassifier
        /// A label other than neutral needs at least this probability, else the turn is neutral.
        public var minimumLabelProbability: Float
        /// Irritated and anxious (the labels that alarm a flow) need at least this probability;
        /// nil: `minimumLabelProbability`.
        public var minimumAlarmProbability: Float?
        /// The label classifier's logits are divided by this before the softmax (temperature
        /// scaling, fitted on held-out training speakers); nil: 1.
        public var temperature: Float?

        public init(labelClassifier: LinearClassifier, arousalClassifier: LinearClassifier,
                    minimumLabelProbability: Float, minimumAlarmProbability: Float? = nil) {
            self.labelClassifier = labelClassifier
            self.arousalClassifier = arousalClassifier
            self.minimumLabelProbability = minimumLabelProbability
            self.minimumAlarmProbability = minimumAlarmProbability
        }

        /// The probability `label` needs to be given (neutral: none).
        public func minimumProbability(of label: CallerEmotion) -> Float {
            switch label {
            case .neutral: return 0
            case .irritated, .anxious: return max(minimumLabelProbability, minimumAlarmProbability ?? 0)
            case .bored, .cheerful: return minimumLabelProbability
            }
        }
    }

    public init(modelVersion: String, trainedOn: String, licence: String, labels: [CallerEmotion],
                populationMean: [Float], populationStd: [Float], deadZone: Float, clampZ: Float,
                relativeIncludesPopulation: Bool, ignoredFeatures: [String] = [], relative: Mode, population: Mode, training: [String: String],
                decisionCosts: [[Float]]? = nil) {
        format = Self.formatVersion
        featureVersion = TurnFeature.version
        features = TurnFeature.allCases.map(\.name)
        self.modelVersion = modelVersion
        self.trainedOn = trainedOn
        self.licence = licence
        self.labels = labels
        self.populationMean = populationMean
        self.populationStd = populationStd
        self.deadZone = deadZone
        self.clampZ = clampZ
        self.relativeIncludesPopulation = relativeIncludesPopulation
        self.ignoredFeatures = ignoredFeatures
        self.relative = relative
        self.population = population
        self.training = training
        self.decisionCosts = decisionCosts
    }

    /// Reads and checks a model file's JSON.
    public static func decode(_ data: Data) throws -> EmotionModel {
        let model: EmotionModel
        do {
            model = try JSONDecoder().decode(EmotionModel.self, from: data)
        } catch {
            throw EmotionModelError.unreadable(String(describing: error))
        }
        try model.validate()
        return model
    }

    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }

    public func validate() throws {
        guard format == Self.formatVersion else { throw EmotionModelError.formatVersion(format, expected: Self.formatVersion) }
        guard featureVersion == TurnFeature.version, features == TurnFeature.allCases.map(\.name) else {
            throw EmotionModelError.featureMismatch(modelFeatureVersion: featureVersion, engine: TurnFeature.version)
        }
        let n = features.count
        guard populationMean.count == n, populationStd.count == n, populationStd.allSatisfy({ $0 > 0 && $0.isFinite }),
              populationMean.allSatisfy(\.isFinite) else {
            throw EmotionModelError.shape("populationMean/populationStd need \(n) finite values, spreads > 0")
        }
        guard Set(labels).count == labels.count else { throw EmotionModelError.shape("labels must not repeat") }
        guard deadZone.isFinite, deadZone >= 0 else { throw EmotionModelError.shape("deadZone must be a finite number ≥ 0 (got \(deadZone))") }
        guard clampZ.isFinite, clampZ > 0 else { throw EmotionModelError.shape("clampZ must be a finite number > 0 (got \(clampZ))") }
        for (name, mode, m) in [("relative", relative, relativeInputCount), ("population", population, n)] {
            // Rows, biases and weights counted separately: a decoded file bypasses the
            // classifier's initialiser, and one short row used to trap in `logits`.
            let label = mode.labelClassifier
            guard label.weights.count == labels.count, label.bias.count == labels.count,
                  label.weights.allSatisfy({ $0.count == m }) else {
                throw EmotionModelError.shape("\(name).labelClassifier needs \(labels.count) rows of \(m) weights and \(labels.count) biases "
                    + "(has \(label.weights.count) rows of \(label.weights.map { String($0.count) }.joined(separator: "/")) weights, \(label.bias.count) biases)")
            }
            let arousal = mode.arousalClassifier
            guard arousal.weights.count == 2, arousal.bias.count == 2, arousal.weights.allSatisfy({ $0.count == m }) else {
                throw EmotionModelError.shape("\(name).arousalClassifier needs 2 rows of \(m) weights and 2 biases "
                    + "(has \(arousal.weights.count) rows of \(arousal.weights.map { String($0.count) }.joined(separator: "/")) weights, \(arousal.bias.count) biases)")
            }
            guard label.isWellFormed, arousal.isWellFormed else {
                throw EmotionModelError.shape("\(name): weights and biases must be finite numbers")
            }
            guard (0...1).contains(mode.minimumLabelProbability),
                  (0...1).contains(mode.minimumAlarmProbability ?? 0) else {
                throw EmotionModelError.shape("\(name): minimum probabilities must be within 0…1")
            }
            if let t = mode.temperature, !(t.isFinite && t > 0) {
                throw EmotionModelError.shape("\(name).temperature must be a finite number > 0 (got \(t))")
            }
        }
        if let costs = decisionCosts {
            // A matrix of the wrong shape used to fall back silently to the most probable label.
            guard costs.count == labels.count, costs.allSatisfy({ $0.count == labels.count }),
                  costs.allSatisfy({ $0.allSatisfy { $0.isFinite && $0 >= 0 } }) else {
                throw EmotionModelError.shape("decisionCosts needs \(labels.count) rows of \(labels.count) finite costs ≥ 0 "
                    + "(one per true label × decision, in the order of labels)")
            }
        }
        for name in ignoredFeatures where !features.contains(name) {
            throw EmotionModelError.shape("ignoredFeatures: unknown feature \(name)")
        }
        guard labels.contains(.neutral) else { throw EmotionModelError.shape("labels must include neutral") }
    }

    /// Inputs of the relative-mode classifiers.
    public var relativeInputCount: Int { features.count * (relativeIncludesPopulation ? 2 : 1) }

    /// The classifier inputs for a turn: against `reference` (and, when the model says so, also
    /// against population priors), or against population priors alone when `reference` is nil.
    public func inputs(_ f: TurnFeatures, reference: [Float]?) -> [Float] {
        guard reference != nil else { return standardise(f, reference: nil) }
        let z = standardise(f, reference: reference)
        return relativeIncludesPopulation ? z + standardise(f, reference: nil) : z
    }

    private var ignored: [Bool] { TurnFeature.allCases.map { ignoredFeatures.contains($0.name) } }

    /// Root mean square of the standardised departures from `reference` (the dead-zone measure).
    public func departure(_ f: TurnFeatures, reference: [Float]) -> Float {
        let z = standardise(f, reference: reference)
        let used = max(1, z.count - ignoredFeatures.count)
        return (z.reduce(0) { $0 + $1 * $1 } / Float(used)).squareRoot()
    }

    /// Standardised features of a turn: (value − reference) / spread, clamped.
    /// `reference` is the caller's baseline mean, or nil for population priors (where features
    /// that need a baseline become 0). Unmeasured features (NaN) become 0: no evidence.
    public func standardise(_ f: TurnFeatures, reference: [Float]?) -> [Float] {
        let ignored = self.ignored
        return TurnFeature.allCases.map { feature in
            let j = feature.rawValue
            guard !ignored[j] else { return 0 }
            let x = f.values[j]
            let ref: Float
            if let reference {
                ref = reference[j]
            } else {
                guard !feature.requiresBaseline else { return 0 }
                ref = populationMean[j]
            }
            guard x.isFinite, ref.isFinite else { return 0 }
            return max(-clampZ, min(clampZ, (x - ref) / populationStd[j]))
        }
    }
}

public enum EmotionModelError: Error, Equatable, CustomStringConvertible {
    case unreadable(String)
    case formatVersion(Int, expected: Int)
    case featureMismatch(modelFeatureVersion: Int, engine: Int)
    case shape(String)

    public var description: String {
        switch self {
        case .unreadable(let why): return "emotion model: not a readable model file (\(why))"
        case .formatVersion(let v, let e): return "emotion model: format \(v), this engine reads format \(e); retrain with `ivr emotion train`"
        case .featureMismatch(let m, let e):
            return "emotion model: trained on feature set v\(m), this engine computes v\(e); retrain with `ivr emotion train`"
        case .shape(let what): return "emotion model: \(what)"
        }
    }
}
