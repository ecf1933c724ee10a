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
        public init() {}
    }

    public static func run(rows: [FeatureRow], corpus: URL?, condition: ChannelCondition, model: EmotionModel,
                           options: Options, log: (String) -> Void) throws -> String {
        var out = "Emotion model evaluation — \(rows.count) utterances, \(Set(rows.map(\.item.speaker)).count) speakers, "
            + "channel \(condition); labelled for training: \(rows.filter { $0.item.label != nil }.count)\n"
        out += "Speaker-independent: \(options.speakersPerFold) speakers held out per fold; each fold trains its own model "
            + "with the shipped recipe on the other speakers only.\n"
        let main = try EmotionEvaluation.crossValidate(rows, recipe: options.recipe, perFold: options.speakersPerFold)
        out += "Folds: " + main.folds.map { $0.joined(separator: "+") }.joined(separator: " | ") + "\n\n"
        out += section("\(condition), baseline = \(main.protocolName) of the held-out speaker", main, full: true)
        for p in [EmotionEvaluation.BaselineProtocol.sequentialCall, .populationOnly] {
            log("cross-validating: \(p.rawValue)")
            let r = try EmotionEvaluation.crossValidate(rows, recipe: options.recipe, baseline: p, perFold: options.speakersPerFold)
            out += section("\(condition), baseline = \(r.protocolName)", r, full: false)
        }
        guard options.full, let corpus else { return out }

        let emotionCorpus = try EmotionCorpus(directory: corpus)
        var byCondition: [ChannelCondition: [FeatureRow]] = [condition: rows]
        func rowsFor(_ c: ChannelCondition) throws -> [FeatureRow] {
            if let r = byCondition[c] { return r }
            log("analysing the corpus through \(c)")
            let (r, _) = try CorpusFeatureExtractor(condition: c).extract(emotionCorpus)
            let rounded = try FeatureTable.rows(fromCSV: FeatureTable.csv(r, condition: c))
            byCondition[c] = rounded
            return rounded
        }

        // Wideband Opus copies: matched (train and test on Opus) and crossed (telephone-trained).
        let opus = ChannelCondition(codec: .opusWideband)
        let opusRows = try rowsFor(opus)
        let opusMatched = try EmotionEvaluation.crossValidate(opusRows, recipe: options.recipe, perFold: options.speakersPerFold)
        out += section("\(opus) copies (16 kHz pipeline), trained and tested on \(opus), baseline = other utterances",
                       opusMatched, full: true)
        if opusRows.map(\.item.file) == rows.map(\.item.file) {
            let crossed = try EmotionEvaluation.crossValidate(rows, recipe: options.recipe, perFold: options.speakersPerFold,
                                                              testRows: opusRows)
            out += section("trained on \(condition), tested on \(opus) copies, baseline = other utterances", crossed, full: false)
        }

        out += try invariance(model: model, reference: condition, rowsFor: rowsFor, log: log)
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

    /// Labels of the shipped model under other lines and gains, against `reference`.
    static func invariance(model: EmotionModel, reference: ChannelCondition,
                           rowsFor: (ChannelCondition) throws -> [FeatureRow], log: (String) -> Void) throws -> String {
        let variants = [ChannelCondition(codec: reference.codec, gainDB: 10), ChannelCondition(codec: reference.codec, gainDB: -10)]
            + ChannelCondition.Codec.allCases.filter { $0 != reference.codec }.map { ChannelCondition(codec: $0) }
        return try invariance(model: model, reference: reference, variants: variants, names: variants.map(\.description),
                              rowsFor: rowsFor)
    }

    public static func invariance(model: EmotionModel, reference: ChannelCondition, variants: [ChannelCondition],
                                  names: [String], rowsFor: (ChannelCondition) throws -> [FeatureRow]) throws -> String {
        var s = "## Invariance of the model (\(model.modelVersion)) to line gain and codec\n"
        s += "Share of utterances whose label stays as on \(reference) at 0 dB (a file the listener heard no speech in "
            + "counts as changed); gain applied before the codec, clipping at full scale as a real line would.\n"
        let base = try rowsFor(reference)
        var kept: [String: (Int, Int)] = [:]
        for p in [EmotionEvaluation.BaselineProtocol.otherUtterances, .populationOnly] {
            let ref = labels(model, base, p)
            for (v, name) in zip(variants, names) {
                let rows = try rowsFor(v)
                let lab = labels(model, rows, p)
                var same = 0
                let n = ref.count
                for (file, r) in ref where lab[file] == r { same += 1 }
                s += "  " + name.padding(toLength: 14, withPad: " ", startingAt: 0) + " "
                    + p.rawValue.padding(toLength: 24, withPad: " ", startingAt: 0)
                    + String(format: " %5.1f %% kept (%d of %d)\n", 100 * Double(same) / Double(max(1, n)), same, n)
                let k = kept[p.rawValue, default: (0, 0)]
                kept[p.rawValue] = (k.0 + same, k.1 + n)
            }
        }
        for (p, k) in kept.sorted(by: { $0.key < $1.key }) {
            s += "  all variants, \(p): " + String(format: "%.1f %% kept\n", 100 * Double(k.0) / Double(max(1, k.1)))
        }
        return s + "\n"
    }

    static func labels(_ model: EmotionModel, _ rows: [FeatureRow], _ p: EmotionEvaluation.BaselineProtocol) -> [String: EmotionLabel] {
        var out: [String: EmotionLabel] = [:]
        for pr in EmotionEvaluation.predict(model, rows: rows, indices: Array(rows.indices), baseline: p) {
            out[rows[pr.row].item.file] = pr.estimate.label
        }
        return out
    }
}
