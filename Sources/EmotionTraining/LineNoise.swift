import Emotion

/// How a change of line moves the classifier inputs: the covariance of (inputs on another line −
/// inputs on the reference line) over the same files, each turn read against its speaker's
/// baseline on its own line (relative) or against population priors (population).
///
/// A constant gain or codec colouring cancels against the caller's baseline; what is left is
/// per-turn noise (frames that turn voiced or silent, codec artefacts). The trainer penalises
/// weights along these directions (`TrainingRecipe.lineNoisePenalty`), so the model leans on
/// what the line does not change.
struct LineNoise {
    /// nil when there are no rows on other lines.
    var relative: [[Double]]?
    var population: [[Double]]?

    init(model: EmotionModel, reference: [FeatureRow], others: [FeatureRow]) {
        guard !others.isEmpty else { return }
        let refBaselines = EmotionTrainer.leaveOneOutBaselines(reference)
        var refIndex: [String: Int] = [:]
        for (i, r) in reference.enumerated() { refIndex[r.item.file] = i }
        var relativePairs: [([Float], [Float])] = [], populationPairs: [([Float], [Float])] = []
        for (_, lineRows) in Dictionary(grouping: others, by: \.condition).sorted(by: { $0.key < $1.key }) {
            let baselines = EmotionTrainer.leaveOneOutBaselines(lineRows)
            for (i, r) in lineRows.enumerated() {
                guard let j = refIndex[r.item.file], let b = baselines[i], let rb = refBaselines[j] else { continue }
                relativePairs.append((model.inputs(r.features, reference: b), model.inputs(reference[j].features, reference: rb)))
                populationPairs.append((model.standardise(r.features, reference: nil),
                                        model.standardise(reference[j].features, reference: nil)))
            }
        }
        relative = Self.covariance(relativePairs)
        population = Self.covariance(populationPairs)
    }

    /// Mean of (a − b)(a − b)ᵀ over the pairs; nil when there are none.
    static func covariance(_ pairs: [([Float], [Float])]) -> [[Double]]? {
        guard let d = pairs.first?.0.count else { return nil }
        var c = [[Double]](repeating: [Double](repeating: 0, count: d), count: d)
        for (a, b) in pairs {
            let delta = (0..<d).map { Double(a[$0] - b[$0]) }
            for i in 0..<d where delta[i] != 0 {
                for j in 0..<d { c[i][j] += delta[i] * delta[j] }
            }
        }
        let n = Double(pairs.count)
        return c.map { $0.map { $0 / n } }
    }
}
