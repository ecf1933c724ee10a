import Emotion
import Foundation
import Prosody

/// How a model is trained: the fixed recipe `ivr emotion train` and the evaluation's folds use.
public struct TrainingRecipe: Sendable, Equatable {
    /// L2 penalty of the label classifiers (per standardised feature).
    public var l2 = 0.01
    /// L2 penalty of the arousal classifiers.
    public var arousalL2 = 0.01
    /// Dead zone around the caller's baseline, RMS of standardised departures (see `EmotionModel.deadZone`).
    public var deadZone: Float = 0.4
    public var clampZ: Float = 4
    /// Relative mode also reads the turn against population priors.
    public var relativeIncludesPopulation = false
    /// Weight of the line penalty on the label classifiers: weights along directions in which a
    /// change of line (gain, codec) moves a turn's standardised features cost this times that
    /// movement's covariance (`NuisanceVariation`), on top of `l2` (0: plain L2). Needs rows of
    /// the same files through other lines (they only measure the movement; the fit uses the
    /// reference line). 6, with the calm calibration: label invariance 95.0 % at five-class UAR
    /// 0.603 (5: 94.8 % at 0.608; README "Emotion model").
    public var linePenalty = 6.0
    /// The same for what the words change (pairs of files with different `statement`s).
    /// Measured on RAVDESS' two sentences: 5 cost five-class UAR 0.626 → 0.561 and did not lower
    /// false alarms on calm speech, so off.
    public var wordsPenalty = 0.0
    /// Both penalties on the arousal classifiers are scaled by this (arousal is not held to the
    /// invariance target; 0: plain L2).
    public var arousalPenaltyScale = 0.0
    /// Features left out (see `EmotionModel.ignoredFeatures`).
    /// The frame-selection-sensitive measures whose values move most under ±10 dB gain and
    /// codecs (change ≥ 0.5 population SD on RAVDESS telephone copies); leaving them out raised
    /// both accuracy and invariance.
    /// Also `level` and `levelPeak`, even against the caller's baseline: how loud a turn arrives
    /// depends on the line's gain control and on the corpus (nEMO is levelled per file: anger
    /// 0.4 dB above neutral, RAVDESS 16 dB), so a model that leans on it does not carry over to
    /// voices and lines it never heard (fitted on RAVDESS, tested on nEMO: arousal UAR 0.61
    /// with level, 0.70 without, in calls).
    public var ignoredFeatures: [String] = ["levelRange", "levelStd", "f0FallSlope", "loudnessFallSlope",
                                            "levelPerturbation", "loudnessRiseSlope", "f0RiseSlope", "level", "levelPeak"]
    /// Relative-mode training examples: each labelled utterance as turn 3 of this many calls whose
    /// turns 1–2 are two neutral utterances of its speaker (`CallProtocol`), drawn with `callSeed`.
    public var callsPerTarget = 1
    public var callSeed: UInt64 = 20_240_520
    /// Temperature scaling of the label classifiers on this many held-out speaker folds of the
    /// training data (0 or 1: none).
    public var temperatureFolds = 3
    /// What each answer costs the service line, `[truth][decision]` over `labels` (neutral,
    /// irritated, anxious, bored, cheerful); a turn gets the answer of least expected cost.
    /// Answering an angry caller cheerfully or as bored (a livelier, joking delivery) is the
    /// worst error (10); alarming a calm caller (irritated/anxious: the short delivery and the
    /// human offer, or reassurance) the next (5); giving an agitated caller of another kind the
    /// irritated answer costs little (1: calm, short and the human offer suits an anxious caller
    /// too), while a cheerful or bored answer to an anxious caller costs 6; missing an agitated
    /// caller (neutral answer) 3; mixing up the low-stakes labels 1–2.
    public var decisionCosts: [[Double]]? = [
        // decision: neutral, irritated, anxious, bored, cheerful
        [0, 5, 5, 1, 1],  // truth neutral
        [3, 0, 1, 10, 10],  // truth irritated
        [3, 1, 0, 6, 6],  // truth anxious
        [1, 3, 3, 0, 1],  // truth bored
        [1, 2, 2, 1, 0],  // truth cheerful
    ]
    /// Non-neutral labels need this probability (relative mode / before a baseline).
    public var minimumLabelProbabilityRelative: Float = 0
    public var minimumLabelProbabilityPopulation: Float = 0.8
    /// Irritated/anxious need this probability against the caller's baseline (nil: no extra).
    public var minimumAlarmProbabilityRelative: Float?
    /// With calm calibration calls (`CalmCalibration`): the share of their later turns allowed to
    /// be called irritated or anxious; the alarm probability is raised until it holds. The
    /// issue's bound for calm speech.
    public var calmAlarmTarget = 0.05
    public var labels: [CallerEmotion] = CallerEmotion.allCases

    public init() {}

    var summary: [String: String] {
        ["l2": "\(l2)", "linePenalty": "\(linePenalty)", "wordsPenalty": "\(wordsPenalty)", "arousalPenaltyScale": "\(arousalPenaltyScale)", "relativeIncludesPopulation": "\(relativeIncludesPopulation)", "arousalL2": "\(arousalL2)", "deadZone": "\(deadZone)", "clampZ": "\(clampZ)",
         "minimumLabelProbabilityRelative": "\(minimumLabelProbabilityRelative)",
         "minimumAlarmProbabilityRelative": minimumAlarmProbabilityRelative.map { "\($0)" } ?? "none",
         "minimumLabelProbabilityPopulation": "\(minimumLabelProbabilityPopulation)",
         "calmAlarmTarget": "\(calmAlarmTarget)",
         "optimiser": "L-BFGS, softmax regression balanced over classes within each corpus and over corpora, biases unpenalised",
         "baselines": "each labelled utterance as turn 3 of a call after two neutral utterances of its speaker (\(callsPerTarget) per utterance, seed \(callSeed))",
         "decisionCosts": decisionCosts.map { $0.map { $0.map { String(format: "%g", $0) }.joined(separator: " ") }.joined(separator: " / ") } ?? "none"]
    }
}

/// Trains an `EmotionModel` from feature rows (`FeatureRow`), the same way for the shipped
/// model and for every evaluation fold.
public enum EmotionTrainer {
    /// Rows with a nil label still shape population statistics and speaker baselines.
    /// `rows` may hold the corpus through several lines (`FeatureRow.condition`): the classifiers
    /// are fitted on the `reference` line's rows (default: the first row's line); the other lines
    /// measure how a change of line moves each file's inputs (`TrainingRecipe.lineNoisePenalty`).
    /// `calibration`: calm calls (a `CalmCalibration` table) that set how sure the model must be
    /// before it calls a turn irritated or anxious (none: the recipe's probability).
    public static func train(_ allRows: [FeatureRow], reference: String? = nil, recipe: TrainingRecipe = .init(),
                             calibration: [FeatureRow] = [], modelVersion: String, trainedOn: String, licence: String) throws -> EmotionModel {
        guard let referenceLine = reference ?? allRows.first?.condition else { throw EmotionTrainingError.training("no training rows") }
        let rows = allRows.filter { $0.condition == referenceLine }
        let others = allRows.filter { $0.condition != referenceLine }
        let labelled = rows.indices.filter { rows[$0].item.label.map(recipe.labels.contains) ?? false }
        for label in recipe.labels where !labelled.contains(where: { rows[$0].item.label == label }) {
            throw EmotionTrainingError.training("no training utterance labelled \(label.rawValue)")
        }
        var model = try fit(rows, others: others, recipe: recipe, modelVersion: modelVersion, trainedOn: trainedOn, licence: licence)
        let corpora = Set(rows.map(\.item.corpus)).sorted()
        model.training.merge(["utterances": "\(labelled.count) labelled of \(rows.count)",
                              "corpora": corpora.map { c in "\(c.isEmpty ? "?" : c) (\(rows.filter { $0.item.corpus == c }.count))" }.joined(separator: ", "),
                              "lines": ([referenceLine] + Set(others.map(\.condition)).sorted()).joined(separator: ", "),
                              "speakers": "\(Set(rows.map(\.item.speaker)).count)"]) { $1 }
        if recipe.temperatureFolds > 1 {
            let t = temperatures(rows, others: others, recipe: recipe)
            model.relative.temperature = t.relative
            model.population.temperature = t.population
            model.training["temperature"] = String(format: "relative %.3f, population %.3f (fitted on %d held-out speaker folds)",
                                                   t.relative, t.population, recipe.temperatureFolds)
        }
        if !calibration.isEmpty {
            let c = CalmCalibration.calibrate(model, calls: CalmCalibration.calls(calibration), target: recipe.calmAlarmTarget)
            model.relative.minimumAlarmProbability = c.minimumAlarmProbability
            model.training["calibration"] = c.summary
        }
        try model.validate()
        return model
    }

    /// The classifiers and population statistics from `rows` (one line) and `others` (the same
    /// files through other lines, for the line penalty); no temperature, no calm calibration.
    static func fit(_ rows: [FeatureRow], others: [FeatureRow], recipe: TrainingRecipe,
                    modelVersion: String, trainedOn: String, licence: String) throws -> EmotionModel {
        let (mean, std) = populationStatistics(rows.map(\.features), weights: corpusWeights(rows))
        let n = TurnFeature.allCases.count
        var model = EmotionModel(
            modelVersion: modelVersion, trainedOn: trainedOn, licence: licence, labels: recipe.labels,
            populationMean: mean, populationStd: std, deadZone: recipe.deadZone, clampZ: recipe.clampZ,
            relativeIncludesPopulation: recipe.relativeIncludesPopulation, ignoredFeatures: recipe.ignoredFeatures,
            relative: placeholderMode(n * (recipe.relativeIncludesPopulation ? 2 : 1), recipe.labels.count), population: placeholderMode(n, recipe.labels.count),
            training: recipe.summary, decisionCosts: recipe.decisionCosts.map { $0.map { $0.map(Float.init) } })
        let labelled = rows.indices.filter { rows[$0].item.label.map(recipe.labels.contains) ?? false }
        // Relative mode: each labelled row as turn 3 of a call after two neutral turns of its speaker.
        let calls = CallProtocol.calls(rows, seed: recipe.callSeed, perTarget: recipe.callsPerTarget)
            .filter { recipe.labels.contains(rows[$0.target].item.label!) }
        guard !calls.isEmpty else { throw EmotionTrainingError.training("no speaker has two neutral utterances to form a call baseline") }
        let yRelative = calls.map { recipe.labels.firstIndex(of: rows[$0.target].item.label!)! }
        let yRelativeArousal = calls.map { EmotionCorpus.isHighArousal(rows[$0.target].item.label!) ? 1 : 0 }
        let zRelative = calls.map { model.inputs(rows[$0.target].features, reference: $0.reference) }
        let corpusRelative = calls.map { rows[$0.target].item.corpus }
        // Population mode (first turns): every labelled row against population priors.
        let y = labelled.map { recipe.labels.firstIndex(of: rows[$0].item.label!)! }
        let yArousal = labelled.map { EmotionCorpus.isHighArousal(rows[$0].item.label!) ? 1 : 0 }
        let zPopulation = labelled.map { model.standardise(rows[$0].features, reference: nil) }
        let corpusPopulation = labelled.map { rows[$0].item.corpus }
        let k = recipe.labels.count
        let noise = NuisanceVariation(model: model, reference: rows, others: others,
                                      lineWeight: recipe.linePenalty, wordsWeight: recipe.wordsPenalty)
        model.training["nuisancePairs"] = "\(noise.linePairs) line, \(noise.wordPairs) words"
        model.training["calls"] = "\(calls.count) (\(recipe.callsPerTarget) per labelled utterance)"
        func classifier(_ l2: Double, _ weight: Double, _ covariance: [[Double]]?) -> SoftmaxRegression {
            SoftmaxRegression(l2: l2, extraPenalty: weight > 0 ? covariance.map { $0.map { $0.map { $0 * weight } } } : nil)
        }
        let w = CallProtocol.balancedWeights
        model.relative = EmotionModel.Mode(
            labelClassifier: classifier(recipe.l2, 1, noise.relative)
                .fit(x: zRelative, y: yRelative, classCount: k, sampleWeights: w(corpusRelative, yRelative)).0,
            arousalClassifier: classifier(recipe.arousalL2, recipe.arousalPenaltyScale, noise.relative)
                .fit(x: zRelative, y: yRelativeArousal, classCount: 2, sampleWeights: w(corpusRelative, yRelativeArousal)).0,
            minimumLabelProbability: recipe.minimumLabelProbabilityRelative,
            minimumAlarmProbability: recipe.minimumAlarmProbabilityRelative)
        model.population = EmotionModel.Mode(
            labelClassifier: classifier(recipe.l2, 1, noise.population)
                .fit(x: zPopulation, y: y, classCount: k, sampleWeights: w(corpusPopulation, y)).0,
            arousalClassifier: classifier(recipe.arousalL2, recipe.arousalPenaltyScale, noise.population)
                .fit(x: zPopulation, y: yArousal, classCount: 2, sampleWeights: w(corpusPopulation, yArousal)).0,
            minimumLabelProbability: recipe.minimumLabelProbabilityPopulation)
        return model
    }

    /// Each corpus weighs the same in the population statistics.
    static func corpusWeights(_ rows: [FeatureRow]) -> [Double] {
        var counts: [String: Int] = [:]
        for r in rows { counts[r.item.corpus, default: 0] += 1 }
        return rows.map { Double(rows.count) / (Double(counts.count) * Double(counts[$0.item.corpus]!)) }
    }

    /// Temperature scaling: the label classifiers are refitted with the training speakers split
    /// into `recipe.temperatureFolds` folds (within each corpus, speakers in order, round robin);
    /// each held-out speaker's calls (relative) and utterances (population) give logits, and the
    /// temperature minimises their class-balanced negative log-likelihood.
    static func temperatures(_ rows: [FeatureRow], others: [FeatureRow], recipe: TrainingRecipe) -> (relative: Float, population: Float) {
        var fold: [String: Int] = [:]
        for corpus in Set(rows.map(\.item.corpus)).sorted() {
            let speakers = EmotionEvaluation.sortedSpeakers(Set(rows.filter { $0.item.corpus == corpus }.map(\.item.speaker)))
            for (i, s) in speakers.enumerated() { fold[corpus + "|" + s] = i % recipe.temperatureFolds }
        }
        func foldOf(_ r: FeatureRow) -> Int { fold[r.item.corpus + "|" + r.item.speaker]! }
        var rel: [([Float], Int, String)] = [], pop: [([Float], Int, String)] = []
        for f in 0..<recipe.temperatureFolds {
            let train = rows.filter { foldOf($0) != f }, test = rows.filter { foldOf($0) == f }
            guard !test.isEmpty, let m = try? fit(train, others: others.filter { foldOf($0) != f }, recipe: recipe,
                                                  modelVersion: "", trainedOn: "", licence: "") else { continue }
            for c in CallProtocol.calls(test, seed: recipe.callSeed &+ 1) where recipe.labels.contains(test[c.target].item.label!) {
                rel.append((m.relative.labelClassifier.logits(m.inputs(test[c.target].features, reference: c.reference)),
                            recipe.labels.firstIndex(of: test[c.target].item.label!)!, test[c.target].item.corpus))
            }
            for r in test where r.item.label.map(recipe.labels.contains) ?? false {
                pop.append((m.population.labelClassifier.logits(m.standardise(r.features, reference: nil)),
                            recipe.labels.firstIndex(of: r.item.label!)!, r.item.corpus))
            }
        }
        return (bestTemperature(rel), bestTemperature(pop))
    }

    /// The temperature (0.05…20, golden-section search on its logarithm) minimising the
    /// class- and corpus-balanced negative log-likelihood of `samples` (logits, class, corpus).
    static func bestTemperature(_ samples: [([Float], Int, String)]) -> Float {
        guard !samples.isEmpty else { return 1 }
        let w = CallProtocol.balancedWeights(corpus: samples.map(\.2), label: samples.map(\.1))
        func nll(_ logT: Double) -> Double {
            let t = exp(logT)
            var s = 0.0
            for (i, (logits, y, _)) in samples.enumerated() {
                let l = logits.map { Double($0) / t }
                let top = l.max()!
                let z = l.reduce(0) { $0 + exp($1 - top) }
                s -= w[i] * (l[y] - top - log(z))
            }
            return s
        }
        var a = log(0.05), b = log(20.0)
        let g = (5.0.squareRoot() - 1) / 2
        var c = b - g * (b - a), d = a + g * (b - a)
        var fc = nll(c), fd = nll(d)
        for _ in 0..<60 {
            if fc < fd { b = d; d = c; fd = fc; c = b - g * (b - a); fc = nll(c) } else { a = c; c = d; fc = fd; d = a + g * (b - a); fd = nll(d) }
        }
        return Float(exp((a + b) / 2))
    }

    /// Mean and standard deviation per feature over the rows that measured it.
    static func populationStatistics(_ features: [TurnFeatures], weights: [Double]? = nil) -> (mean: [Float], std: [Float]) {
        let n = TurnFeature.allCases.count
        var mean = [Float](repeating: 0, count: n), std = [Float](repeating: 1, count: n)
        for j in 0..<n {
            let v = features.indices.map { (Double(features[$0].values[j]), weights?[$0] ?? 1) }.filter(\.0.isFinite)
            guard v.count >= 2 else { continue }
            let total = v.reduce(0) { $0 + $1.1 }
            let m = v.reduce(0) { $0 + $1.0 * $1.1 } / total
            // Weighted variance with the unweighted formula's n − 1 correction (equal weights: the usual SD).
            let s = (v.reduce(0) { $0 + $1.1 * ($1.0 - m) * ($1.0 - m) } / total * Double(v.count) / Double(v.count - 1)).squareRoot()
            mean[j] = Float(m)
            std[j] = Float(max(s, 1e-3))
        }
        return (mean, std)
    }

    /// For each row, the baseline mean of its speaker's other rows on the same line (as a call's
    /// earlier turns would be); nil when the speaker has no other usable row.
    public static func leaveOneOutBaselines(_ rows: [FeatureRow]) -> [[Float]?] {
        var bySpeaker: [String: VoiceBaseline] = [:]
        for r in rows { bySpeaker[r.caller, default: VoiceBaseline(minimumTurns: 1)].add(r.features) }
        return rows.map { r in
            var b = bySpeaker[r.caller]!
            b.remove(r.features)
            return b.isEstablished ? b.mean : nil
        }
    }

    private static func placeholderMode(_ n: Int, _ k: Int) -> EmotionModel.Mode {
        let zero = LinearClassifier(weights: [[Float]](repeating: [Float](repeating: 0, count: n), count: k),
                                    bias: [Float](repeating: 0, count: k))
        let two = LinearClassifier(weights: [[Float]](repeating: [Float](repeating: 0, count: n), count: 2), bias: [0, 0])
        return .init(labelClassifier: zero, arousalClassifier: two, minimumLabelProbability: 0)
    }
}
