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
        let z = model.inputs(features, reference: reference)
        let p = model.labelProbabilities(z, mode: mode)
        var best = model.decide(p)  // least expected cost (ties: the earlier label), or most probable
        let neutral = model.labels.firstIndex(of: .neutral)!
        if p[best] < mode.minimumProbability(of: model.labels[best]) { best = neutral }
        let inDeadZone = reference.map { model.departure(features, reference: $0) < model.deadZone } ?? false
        if inDeadZone { best = neutral }
        let label = model.labels[best]
        var why = reasons(label: label, classIndex: best, z: z, features: features, reference: reference,
                          classifier: mode.labelClassifier)
        if inDeadZone && label == .neutral { why[0] = "close to your usual voice (inside the dead zone)" }
        return EmotionEstimate(label: label, arousal: arousal(z: z, labelProbabilities: p, mode: mode),
                               confidence: p[best], reasons: why)
    }

    /// −1…1: the mean of the arousal classifier's and the label classifier's probability of high
    /// arousal (irritated, anxious, cheerful), mapped from 0…1. Positive means high arousal.
    public func arousal(z: [Float], labelProbabilities p: [Float], mode: EmotionModel.Mode) -> Float {
        let fromClassifier = mode.arousalClassifier.probabilities(z)[1]
        var fromLabels: Float = 0
        for (c, l) in model.labels.enumerated() where l == .irritated || l == .anxious || l == .cheerful { fromLabels += p[c] }
        return fromClassifier + fromLabels - 1
    }

    /// The label's top contributing features, in words, largest first.
    func reasons(label: CallerEmotion, classIndex c: Int, z: [Float], features: TurnFeatures,
                 reference: [Float]?, classifier: LinearClassifier) -> [String] {
        // Input i reads feature i % n against the caller's baseline (i < n, relative mode) or
        // against population priors.
        let n = TurnFeature.allCases.count
        let ranked: [(input: Int, weight: Float)]
        if label == .neutral {
            // Name the largest departures, to show they were small or pointed nowhere.
            ranked = z.indices.map { (input: $0, weight: abs(z[$0])) }.filter { $0.weight > 0 }.sorted(by: Self.larger)
        } else {
            let all = z.indices.map { (input: $0, weight: classifier.contribution(ofFeature: $0, toClass: c, at: z)) }
                .filter { $0.weight > 0 }.sorted(by: Self.larger)
            // Name the clear contributors; when none is clear, still the largest ones.
            let clear = all.filter { $0.weight > 0.05 }
            ranked = clear.isEmpty ? all : clear
        }
        var named = Set<Int>()
        var words: [String] = []
        for item in ranked where words.count < maximumReasons && !named.contains(item.input % n) {
            named.insert(item.input % n)
            let againstBaseline = reference != nil && item.input < n
            words.append(describe(TurnFeature(rawValue: item.input % n)!, features: features,
                                  reference: againstBaseline ? reference : nil,
                                  against: againstBaseline ? "your usual" : "typical speech"))
        }
        if label == .neutral {
            words.insert(reference == nil ? "no clear departure from typical speech" : "close to your usual voice", at: 0)
        } else if words.isEmpty {
            words = ["no single measure stands out (many small changes together)"]
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

    private static func larger(_ a: (input: Int, weight: Float), _ b: (input: Int, weight: Float)) -> Bool {
        a.weight != b.weight ? a.weight > b.weight : a.input < b.input
    }
}
