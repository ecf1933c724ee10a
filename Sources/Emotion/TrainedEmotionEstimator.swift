import Foundation
import Prosody

/// The emotion estimate from a trained model (`EmotionModel`), explained by the features that
/// pushed hardest toward the winning label.
///
/// Reference: the caller's baseline once established (`relative` mode), population priors
/// before (`population` mode). Deterministic: same features and reference, same estimate.
public struct TrainedEmotionEstimator: Sendable {
    public let model: EmotionModel
    public var maximumReasons = 3

    public init(model: EmotionModel = .default) { self.model = model }

    /// Estimate for a turn. `baseline`: the caller's earlier turns (used once established).
    public func estimate(_ features: TurnFeatures, baseline: VoiceBaseline? = nil) -> EmotionEstimate {
        let reference = baseline.flatMap { $0.isEstablished ? $0.mean : nil }
        return estimate(features, reference: reference)
    }

    /// Estimate against an explicit reference mean (nil: population priors).
    public func estimate(_ features: TurnFeatures, reference: [Float]?) -> EmotionEstimate {
        let relative = reference != nil
        let mode = relative ? model.relative : model.population
        let z = model.standardise(features, reference: reference)
        let p = mode.labelClassifier.probabilities(z)
        var best = 0
        for c in p.indices where p[c] > p[best] { best = c }  // ties: the earlier label
        let neutral = model.labels.firstIndex(of: .neutral)!
        if best != neutral && p[best] < mode.minimumLabelProbability { best = neutral }
        let arousalP = mode.arousalClassifier.probabilities(z)
        let label = model.labels[best]
        return EmotionEstimate(label: label, arousal: arousalP[1] - arousalP[0], confidence: p[best],
                               reasons: reasons(label: label, classIndex: best, z: z, features: features,
                                                reference: reference, classifier: mode.labelClassifier))
    }

    /// The label's top contributing features, in words, largest first.
    func reasons(label: EmotionLabel, classIndex c: Int, z: [Float], features: TurnFeatures,
                 reference: [Float]?, classifier: LinearClassifier) -> [String] {
        let against = reference == nil ? "typical speech" : "your usual"
        let ranked: [(feature: TurnFeature, weight: Float)]
        if label == .neutral {
            // Name the largest departures, to show they were small or pointed nowhere.
            ranked = TurnFeature.allCases.map { (feature: $0, weight: abs(z[$0.rawValue])) }
                .filter { $0.weight > 0 }.sorted(by: Self.larger)
        } else {
            ranked = TurnFeature.allCases.map { (feature: $0, weight: classifier.contribution(ofFeature: $0.rawValue, toClass: c, at: z)) }
                .filter { $0.weight > 0.05 }.sorted(by: Self.larger)
        }
        var words = ranked.prefix(maximumReasons).map { item in
            describe(item.feature, features: features, reference: reference, against: against)
        }
        if label == .neutral {
            words.insert(reference == nil ? "no clear departure from typical speech" : "close to your usual voice", at: 0)
        }
        return words
    }

    /// "loudness +6.0 dB vs your usual": the feature, its change and its unit.
    func describe(_ f: TurnFeature, features: TurnFeatures, reference: [Float]?, against: String) -> String {
        let j = f.rawValue
        let ref = reference?[j] ?? model.populationMean[j]
        let delta = features.values[j] - ref
        let unit = f.unit.isEmpty ? "" : " \(f.unit)"
        let amount = f.unit.isEmpty ? "\(signed(delta * 100, 0)) points" : "\(signed(delta, 1))\(unit)"
        let direction = delta >= 0 ? "higher" : "lower"
        return "\(f.phrase) \(direction) than \(against) (\(amount))"
    }

    private static func larger(_ a: (feature: TurnFeature, weight: Float), _ b: (feature: TurnFeature, weight: Float)) -> Bool {
        a.weight != b.weight ? a.weight > b.weight : a.feature.rawValue < b.feature.rawValue
    }
}
