import Emotion
import Prosody

/// What moves a turn's classifier inputs without any change of emotion, as covariances of input
/// differences between two recordings that should get the same label:
/// - **the line**: the same file through another line (gain, codec), each read against its
///   speaker's baseline on its own line;
/// - **the words**: two files of one speaker, emotion and intensity with different statements
///   (corpora that say what was said, e.g. RAVDESS' two sentences).
/// Both in relative mode (against the speaker's baseline) and population mode (against priors).
///
/// The trainer penalises weights along these directions (`TrainingRecipe.nuisancePenalty`), so
/// the model leans on what neither the line nor the words change. Each source's covariance is
/// the mean over its pairs; they are added with the recipe's weights.
struct NuisanceVariation {
    /// nil when there are no pairs.
    var relative: [[Double]]?
    var population: [[Double]]?
    var linePairs = 0
    var wordPairs = 0

    init(model: EmotionModel, reference: [FeatureRow], others: [FeatureRow], lineWeight: Double, wordsWeight: Double) {
        let refBaselines = EmotionTrainer.leaveOneOutBaselines(reference)
        // A pair: a turn with its own baseline, and the reference row it should match.
        typealias Pair = (features: TurnFeatures, baseline: [Float]?, reference: Int)
        func add(_ pairs: [Pair], weight: Double) {
            guard weight > 0 else { return }
            var rel: [([Float], [Float])] = [], pop: [([Float], [Float])] = []
            for p in pairs {
                guard let b = p.baseline, let rb = refBaselines[p.reference] else { continue }
                let r = reference[p.reference].features
                rel.append((model.inputs(p.features, reference: b), model.inputs(r, reference: rb)))
                pop.append((model.standardise(p.features, reference: nil), model.standardise(r, reference: nil)))
            }
            relative = Self.add(relative, Self.covariance(rel).map { Self.scaled($0, weight) })
            population = Self.add(population, Self.covariance(pop).map { Self.scaled($0, weight) })
        }
        // The line: the same file on another line, against its speaker's baseline on that line.
        var refIndex: [String: Int] = [:]
        for (i, r) in reference.enumerated() { refIndex[r.item.file] = i }
        var lines: [Pair] = []
        for (_, lineRows) in Dictionary(grouping: others, by: \.condition).sorted(by: { $0.key < $1.key }) {
            for (r, b) in zip(lineRows, EmotionTrainer.leaveOneOutBaselines(lineRows)) {
                if let j = refIndex[r.item.file] { lines.append((r.features, b, j)) }
            }
        }
        linePairs = lines.count
        add(lines, weight: lineWeight)
        // The words: same speaker, emotion and intensity, another statement.
        var words: [Pair] = []
        for i in reference.indices {
            let a = reference[i].item
            guard let sa = a.statement else { continue }
            for j in reference.indices where j > i {
                let b = reference[j].item
                if b.speaker == a.speaker, b.emotion == a.emotion, b.intensity == a.intensity,
                   let sb = b.statement, sb != sa {
                    words.append((reference[i].features, refBaselines[i], j))
                }
            }
        }
        wordPairs = words.count
        add(words, weight: wordsWeight)
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

    static func scaled(_ a: [[Double]], _ w: Double) -> [[Double]] { a.map { $0.map { $0 * w } } }

    static func add(_ a: [[Double]]?, _ b: [[Double]]?) -> [[Double]]? {
        guard let a else { return b }
        guard let b else { return a }
        return zip(a, b).map { zip($0, $1).map { $0 + $1 } }
    }
}
