import Analysis
import AudioCore
import Emotion
import Foundation
import Prosody

/// Everything `ivr emotion eval` reports, as text: speaker-independent cross-validation under
/// three baseline protocols; with the corpus at hand also wideband Opus copies, channel and gain
/// invariance of the shipped model, false alarms on calm read speech, and the cost per frame and
/// per turn.
public enum EmotionEvalReport {
    public struct Options: Sendable {
        public var speakersPerFold = 4
        /// Also run the checks that need the audio (channels, calm speech, timing).
        public var full = true
        public var recipe = TrainingRecipe()
        /// Calm calls each fold model is calibrated on (`CalmCalibration`; empty: none).
        public var calibration: [FeatureRow] = []
        public init() {}
    }

    /// The lines the full report checks the model against, besides the reference.
    public static func standardVariants(of reference: ChannelCondition) -> [ChannelCondition] {
        [ChannelCondition(codec: reference.codec, gainDB: reference.gainDB + 10),
         ChannelCondition(codec: reference.codec, gainDB: reference.gainDB - 10)]
            + ChannelCondition.Codec.allCases.filter { $0 != reference.codec }.map { ChannelCondition(codec: $0) }
    }

    /// `rows`: the corpus through one or more lines (`FeatureRow.condition`); figures are on the
    /// `reference` line's rows, training in every fold uses all lines.
    public static func run(rows: [FeatureRow], reference: String, corpus: URL?, model: EmotionModel,
                           options: Options, log: (String) -> Void) throws -> String {
        let referenceRows = rows.filter { $0.condition == reference }
        let lines = Set(rows.map(\.condition)).sorted()
        var out = "Emotion model evaluation — \(referenceRows.count) utterances, \(Set(referenceRows.map(\.item.speaker)).count) speakers, "
            + "reference line \(reference); labelled: \(referenceRows.filter { $0.item.label != nil }.count)\n"
        out += "Training lines (each fold, each speaker's baseline within one line): \(lines.joined(separator: ", "))\n"
        out += "Speaker-independent: \(options.speakersPerFold) speakers held out per fold; each fold trains its own model "
            + "with the shipped recipe on the other speakers only.\n"
        log("training one model per fold")
        let models = try EmotionEvaluation.foldModels(rows, reference: reference, recipe: options.recipe,
                                                           calibration: options.calibration, perFold: options.speakersPerFold)
        out += "Folds: " + models.map { $0.speakers.joined(separator: "+") }.joined(separator: " | ") + "\n\n"
        let main = EmotionEvaluation.crossValidate(models, testRows: referenceRows)
        out += section("\(reference), baseline = \(main.protocolName) of the held-out speaker", main, full: true)
        for p in [EmotionEvaluation.BaselineProtocol.sequentialCall, .populationOnly] {
            let r = EmotionEvaluation.crossValidate(models, baseline: p, testRows: referenceRows)
            out += section("\(reference), baseline = \(r.protocolName)", r, full: false)
        }

        var byLine: [String: [FeatureRow]] = Dictionary(grouping: rows, by: \.condition)
        var variants = lines.filter { $0 != reference }
        if options.full, let corpus, let ref = ChannelCondition(parsing: reference) {
            let emotionCorpus = try EmotionCorpus(directory: corpus)
            for c in standardVariants(of: ref) where byLine[c.description] == nil {
                log("analysing the corpus through \(c)")
                let (r, _) = try CorpusFeatureExtractor(condition: c).extract(emotionCorpus)
                byLine[c.description] = try FeatureTable.rows(fromCSV: FeatureTable.csv(r, condition: c))
                variants.append(c.description)
            }
        }
        if !variants.isEmpty {
            for v in variants where v.hasPrefix("opus-wb") {
                let r = EmotionEvaluation.crossValidate(models, testRows: byLine[v]!)
                out += section("tested on \(v) copies (16 kHz pipeline), baseline = other utterances", r, full: false)
            }
            out += invariance(title: "speaker-independent fold models", reference: reference, variants: variants,
                              byLine: byLine) { rows, p in
                EmotionEvaluation.crossValidate(models, baseline: p, testRows: rows).predictions
            }
            out += invariance(title: "the model under test (\(model.modelVersion)), on every speaker",
                              reference: reference, variants: variants, byLine: byLine) { rows, p in
                EmotionEvaluation.predict(model, rows: rows, indices: Array(rows.indices), baseline: p)
            }
        }
        guard options.full else { return out }
        out += try CalmSpeechCheck.report(model: model, log: log)
        out += try CostMeasurement.report(model: model)
        return out
    }

    static func section(_ title: String, _ r: EmotionEvaluation.Result, full: Bool) -> String {
        var s = "## \(title)\n"
        s += String(format: "UAR: arousal %.3f, four classes %.3f, five classes %.3f (chance %.3f / %.3f / %.3f)\n",
                    r.arousal.uar, r.fourClass.uar, r.fiveClass.uar,
                    r.arousal.chanceUAR, r.fourClass.chanceUAR, r.fiveClass.chanceUAR)
        if full {
            s += "Arousal (2 classes):\n" + r.arousal.text() + "\n"
            s += "Four classes:\n" + r.fourClass.text() + "\n"
            s += "Five classes:\n" + r.fiveClass.text() + "\n"
        } else {
            s += "Five classes:\n" + r.fiveClass.text() + "\n"
        }
        return s + "\n"
    }

    /// Share of utterances whose label on each variant line is the one on `reference`.
    static func invariance(title: String, reference: String, variants: [String], byLine: [String: [FeatureRow]],
                           predict: ([FeatureRow], EmotionEvaluation.BaselineProtocol) -> [EmotionEvaluation.Prediction]) -> String {
        var s = "## Invariance to line gain and codec: \(title)\n"
        s += "Share of utterances whose label stays as on \(reference) (a file the listener heard no speech in "
            + "counts as changed); gain applied before the codec, clipping at full scale as a real line would.\n"
        var kept: [String: (Int, Int)] = [:]
        for p in [EmotionEvaluation.BaselineProtocol.otherUtterances, .populationOnly] {
            let ref = labels(byLine[reference]!, predict(byLine[reference]!, p))
            for v in variants {
                let lab = labels(byLine[v]!, predict(byLine[v]!, p))
                let same = ref.filter { lab[$0.key] == $0.value }.count
                s += "  " + v.padding(toLength: 14, withPad: " ", startingAt: 0) + " "
                    + p.rawValue.padding(toLength: 24, withPad: " ", startingAt: 0)
                    + String(format: " %5.1f %% kept (%d of %d)\n", 100 * Double(same) / Double(max(1, ref.count)), same, ref.count)
                let k = kept[p.rawValue, default: (0, 0)]
                kept[p.rawValue] = (k.0 + same, k.1 + ref.count)
            }
        }
        for (p, k) in kept.sorted(by: { $0.key < $1.key }) {
            s += "  all variants, \(p): " + String(format: "%.1f %% kept (%d of %d)\n", 100 * Double(k.0) / Double(max(1, k.1)), k.0, k.1)
        }
        return s + "\n"
    }

    static func labels(_ rows: [FeatureRow], _ predictions: [EmotionEvaluation.Prediction]) -> [String: EmotionLabel] {
        var out: [String: EmotionLabel] = [:]
        for pr in predictions { out[rows[pr.row].item.file] = pr.estimate.label }
        return out
    }
}
