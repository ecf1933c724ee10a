/// How a turn's label is chosen from the label classifier: calibrated probabilities (temperature
/// scaling), then the answer of least expected cost to the service line (`decisionCosts`).
///
/// With costs, an agitated caller whose kind is unsure gets the answer that is safe for every
/// agitated kind (irritated: calm, short delivery and the human offer), because a cheerful or
/// bored answer to an angry caller costs far more than a calm one to an anxious or cheerful caller.
extension EmotionModel {
    /// The label classifier's probabilities for inputs `z` in `mode`, temperature-scaled.
    public func labelProbabilities(_ z: [Float], mode: Mode) -> [Float] {
        let logits = mode.labelClassifier.logits(z)
        guard let t = mode.temperature, t.isFinite, t > 0, t != 1 else { return LinearClassifier.softmax(logits) }
        return LinearClassifier.softmax(logits.map { $0 / t })
    }

    /// Expected cost of answering each label (`labels` order) given probabilities `p`; nil when
    /// the model has no cost matrix of the right shape.
    public func expectedCosts(_ p: [Float]) -> [Float]? {
        guard let c = decisionCosts, c.count == labels.count, c.allSatisfy({ $0.count == labels.count }),
              p.count == labels.count else { return nil }
        return labels.indices.map { d in labels.indices.reduce(Float(0)) { $0 + p[$1] * c[$1][d] } }
    }

    /// The index (into `labels`) of the decision among `allowed` (default: all) with the least
    /// expected cost, ties to the earlier label; without costs, the most probable one.
    public func decide(_ p: [Float], among allowed: [Int]? = nil) -> Int {
        let candidates = allowed ?? Array(labels.indices)
        let score: [Float] = expectedCosts(p) ?? p.map { -$0 }
        var best = candidates[0]
        for c in candidates where score[c] < score[best] { best = c }
        return best
    }
}
