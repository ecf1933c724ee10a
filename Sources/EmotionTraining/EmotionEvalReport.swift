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
        /// Calm read speech for the false-alarm check and the timing (`CalmClipList`).
        public var calmClips: [CalmSpeechCheck.Clip] = []
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
        if Set(rows.map(\.item.corpus)).count >= 2 {
            return try crossCorpus(rows: rows, reference: reference, model: model, options: options, log: log)
        }
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
        out += try CalmSpeechCheck.report(model: model, clips: options.calmClips, log: log)
        out += try CostMeasurement.report(model: model, clips: options.calmClips)
        return out
    }

    /// The issue-11 report: leave one corpus out, as calls and as first turns, with the
    /// must-show figures, per sex; invariance of the same models on the left-out corpus's other
    /// lines; then the calm-speech check and the cost of the model under test.
    static func crossCorpus(rows: [FeatureRow], reference: String, model: EmotionModel, options: Options,
                            log: (String) -> Void) throws -> String {
        let corpora = Set(rows.map(\.item.corpus)).sorted()
        var out = "Emotion model evaluation — leave one corpus out (\(corpora.joined(separator: ", "))), reference line \(reference)\n"
        for c in corpora {
            let r = rows.filter { $0.item.corpus == c && $0.condition == reference }
            out += "  \(c): \(r.count) utterances (\(r.filter { $0.item.label != nil }.count) labelled), \(Set(r.map(\.item.speaker)).count) speakers; lines "
                + Set(rows.filter { $0.item.corpus == c }.map(\.condition)).sorted().joined(separator: ", ") + "\n"
        }
        out += "Each direction trains the shipped recipe on the other corpus (all its lines) and judges the left-out corpus: "
            + "calls = each labelled utterance as turn 3 after two neutral utterances of the same speaker (seed \(EmotionEvaluation.callSeed)); "
            + "first turns = against population priors only.\n"
        out += "Cost matrix [truth][decision] over neutral, irritated, anxious, bored, cheerful: "
            + (options.recipe.decisionCosts.map { $0.map { $0.map { String(format: "%g", $0) }.joined(separator: " ") }.joined(separator: " / ") } ?? "none") + "\n\n"
        let directions = try CrossCorpusEvaluation.run(rows, reference: reference, recipe: options.recipe,
                                                       calibration: options.calibration, log: log)
        var summary: [String] = []
        func pct(_ x: (Int, Int)) -> String { String(format: "%.1f %% (%d of %d)", 100 * ErrorRates.rate(x), x.0, x.1) }
        func met(_ ok: Bool) -> String { ok ? "met" : "NOT met" }
        for d in directions {
            let name = "\(d.trainCorpora.joined(separator: "+")) → \(d.testCorpus)"
            out += "# Fitted on \(d.trainCorpora.joined(separator: "+")), tested on \(d.testCorpus)\n"
            out += "Model: " + (d.model.training["temperature"] ?? "no temperature") + "; "
                + (d.model.training["calibration"] ?? "no calm calibration") + "\n\n"
            for (title, r) in [("calls (turn 3 after two neutral turns)", d.call), ("first turns (population priors)", d.firstTurn)] {
                out += section("\(name), \(title)", r, full: true)
                let all = ErrorRates(r, rows: d.testRows)
                out += "Anger heard as cheerful or bored: \(pct(all.angerAsCheerfulOrBored)); calm called irritated or anxious: \(pct(all.calmAlarmed)); "
                    + "calm heard as high arousal: \(pct(all.calmHighArousal))\n"
                for sex in ["male", "female"] {
                    let e = ErrorRates(r, rows: d.testRows, sex: sex)
                    let sub = EmotionEvaluation.score(r.predictions.filter { d.testRows[$0.row].item.sex == sex }, rows: d.testRows,
                                                      protocolName: "", folds: [])
                    out += String(format: "  %@: arousal UAR %.3f, four-class %.3f; ", sex, sub.arousal.uar, sub.fourClass.uar)
                        + "anger as cheerful/bored \(pct(e.angerAsCheerfulOrBored)); calm alarmed \(pct(e.calmAlarmed))\n"
                }
                out += "\n"
            }
            let call = ErrorRates(d.call, rows: d.testRows)
            let men = ErrorRates(d.call, rows: d.testRows, sex: "male"), women = ErrorRates(d.call, rows: d.testRows, sex: "female")
            let first = ErrorRates(d.firstTurn, rows: d.testRows)
            summary.append(String(format: "%@ calls: arousal UAR %.3f (≥ 0.88: %@), four-class UAR %.3f (≥ 0.45: %@)",
                                  name, d.call.arousal.uar, met(d.call.arousal.uar >= 0.88), d.call.fourClass.uar, met(d.call.fourClass.uar >= 0.45)))
            summary.append("\(name) calls: anger as cheerful/bored \(pct(call.angerAsCheerfulOrBored)) (≤ 10 %: \(met(ErrorRates.rate(call.angerAsCheerfulOrBored) <= 0.10))); "
                + "calm alarmed \(pct(call.calmAlarmed)) (≤ 3 %: \(met(ErrorRates.rate(call.calmAlarmed) <= 0.03)))")
            let gapAnger = abs(ErrorRates.rate(men.angerAsCheerfulOrBored) - ErrorRates.rate(women.angerAsCheerfulOrBored))
            let gapCalm = abs(ErrorRates.rate(men.calmAlarmed) - ErrorRates.rate(women.calmAlarmed))
            summary.append(String(format: "%@ calls, men vs women: anger as cheerful/bored %.1f vs %.1f %%, calm alarmed %.1f vs %.1f %% (within 3 points: %@)",
                                  name, 100 * ErrorRates.rate(men.angerAsCheerfulOrBored), 100 * ErrorRates.rate(women.angerAsCheerfulOrBored),
                                  100 * ErrorRates.rate(men.calmAlarmed), 100 * ErrorRates.rate(women.calmAlarmed),
                                  met(gapAnger <= 0.03 && gapCalm <= 0.03)))
            summary.append(String(format: "%@ first turns: arousal UAR %.3f (≥ 0.80: %@), calm first turns alarmed %@ (≤ 5 %%: %@)",
                                  name, d.firstTurn.arousal.uar, met(d.firstTurn.arousal.uar >= 0.80), pct(first.calmAlarmed),
                                  met(ErrorRates.rate(first.calmAlarmed) <= 0.05)))
        }
        // Invariance: each direction's model on the left-out corpus through every other line.
        var kept = (0, 0)
        var inv = "## Invariance to line gain and codec: leave-one-corpus-out models, as calls\n"
            + "Share of labelled utterances whose label stays as on \(reference), each line's calls against that line's own earlier turns.\n"
        for d in directions {
            let byLine = Dictionary(grouping: rows.filter { $0.item.corpus == d.testCorpus }, by: \.condition)
            guard let refRows = byLine[reference] else { continue }
            let ref = labels(refRows, EmotionEvaluation.predict(d.model, rows: refRows, indices: Array(refRows.indices), baseline: .call))
            for (line, lineRows) in byLine.sorted(by: { $0.key < $1.key }) where line != reference {
                let lab = labels(lineRows, EmotionEvaluation.predict(d.model, rows: lineRows, indices: Array(lineRows.indices), baseline: .call))
                let same = ref.filter { lab[$0.key] == $0.value }.count
                inv += "  " + d.testCorpus.padding(toLength: 9, withPad: " ", startingAt: 0) + line.padding(toLength: 14, withPad: " ", startingAt: 0)
                    + String(format: " %5.1f %% kept (%d of %d)\n", 100 * Double(same) / Double(max(1, ref.count)), same, ref.count)
                kept = (kept.0 + same, kept.1 + ref.count)
            }
        }
        if kept.1 > 0 {
            inv += String(format: "  all: %.1f %% kept (%d of %d)\n", 100 * Double(kept.0) / Double(kept.1), kept.0, kept.1)
            summary.append(String(format: "Labels kept under line changes (left-out corpora, calls): %.1f %% (≥ 95 %%: %@)",
                                  100 * Double(kept.0) / Double(kept.1), met(Double(kept.0) >= 0.95 * Double(kept.1))))
        }
        out += inv + "\n"
        if options.full {
            let calm = try CalmSpeechCheck.turns(model: model, clips: options.calmClips)
            let rate = { (sex: String?) -> Double in
                let t = calm.filter { sex == nil || $0.sex == sex }
                return Double(t.filter { CalmSpeechCheck.isAlarm($0.label) }.count) / Double(max(1, t.count))
            }
            summary.append(String(format: "Calm-speech check (%@): %.1f %% alarmed (≤ 3 %%: %@), men %.1f %%, women %.1f %% (within 3 points: %@)",
                                  model.modelVersion, 100 * rate(nil), met(rate(nil) <= 0.03), 100 * rate("male"), 100 * rate("female"),
                                  met(abs(rate("male") - rate("female")) <= 0.03)))
            out += CalmSpeechCheck.report(calm)
            out += try CostMeasurement.report(model: model, clips: options.calmClips)
        }
        return "## Must show (issue 11)\n" + summary.map { "- " + $0 }.joined(separator: "\n") + "\n\n" + out
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

    static func labels(_ rows: [FeatureRow], _ predictions: [EmotionEvaluation.Prediction]) -> [String: CallerEmotion] {
        var out: [String: CallerEmotion] = [:]
        for pr in predictions { out[rows[pr.row].item.file] = pr.estimate.label }
        return out
    }
}
