import Emotion
import EmotionTraining
import Foundation
import Prosody
import TestSupport
import Testing

/// Feature tables computed by our pipeline (see README "Emotion model"): RAVDESS through the
/// training line and other lines and gains, nEMO through the training line.
enum Fixture {
    static let directory = Paths.repoRoot.appendingPathComponent("Tests/EmotionTests/Fixtures")

    static func rows(_ name: String) throws -> [FeatureRow] {
        let url = directory.appendingPathComponent(name)
        return try FeatureTable.rows(fromCSV: String(contentsOf: url, encoding: .utf8), path: url.path)
    }

    static let telephone = Result { try rows("ravdess-pcmu-features.csv") }

    /// The other lines the shipped model was trained with (`make train-emotion`).
    static let otherLines = ["pcmu+10", "pcmu-10", "pcma", "l16", "opus-nb", "opus-wb"]

    static let nemo = Result { try rows("nemo-pcmu-features.csv") }

    /// RAVDESS on every line.
    static let ravdessLines = Result { try telephone.get() + otherLines.flatMap { try rows("ravdess-\($0)-features.csv") } }

    /// What `make train-emotion` trains on, in its order: RAVDESS and nEMO on the reference line
    /// (pcmu), then RAVDESS on the other lines.
    static let allLines = Result { try telephone.get() + nemo.get() + otherLines.flatMap { try rows("ravdess-\($0)-features.csv") } }

    /// Calm calls of the two calibration voices (`ivr emotion calm-calls`).
    static let calmCalls = Result { try rows("calm-calibration-features.csv") }
}

@Suite struct EmotionModelTests {
    @Test func shippedModelLoadsAndIsTheCommittedJSON() throws {
        let model = EmotionModel.default
        #expect(model.modelVersion.hasPrefix("ravdess-nemo"))
        #expect(model.licence.contains("nEMO") && model.licence.contains("RAVDESS"))
        #expect(model.decisionCosts != nil && model.relative.temperature != nil && model.population.temperature != nil)
        #expect(model.licence.contains("CC BY-NC-SA 4.0"))
        #expect(model.features == TurnFeature.allCases.map(\.name))
        let resource = Paths.repoRoot.appendingPathComponent("Sources/Emotion/Resources/emotion-model.json")
        let fromFile = try EmotionModel.decode(Data(contentsOf: resource))
        #expect(fromFile == model)
    }

    @Test func retrainingFromTheCommittedFeaturesReproducesTheShippedWeights() throws {
        let shipped = EmotionModel.default
        let model = try EmotionTrainer.train(try Fixture.allLines.get(), calibration: try Fixture.calmCalls.get(),
                                             modelVersion: shipped.modelVersion, trainedOn: shipped.trainedOn, licence: shipped.licence)
        #expect(model.relative.minimumAlarmProbability == shipped.relative.minimumAlarmProbability)
        #expect(model.relative.temperature == shipped.relative.temperature)
        for (a, b) in [(model.relative.labelClassifier, shipped.relative.labelClassifier),
                       (model.population.labelClassifier, shipped.population.labelClassifier),
                       (model.relative.arousalClassifier, shipped.relative.arousalClassifier)] {
            let worst = zip(a.weights.joined(), b.weights.joined()).map { abs($0 - $1) }.max()!
            #expect(worst < 1e-3, "weights differ by \(worst)")
        }
        #expect(model.populationMean == shipped.populationMean)
    }

    @Test func reproducesAKnownPrediction() throws {
        // A strong-intensity anger utterance of actor 01, as turn 3 after two neutral turns.
        let rows = try Fixture.telephone.get()
        let i = try #require(rows.firstIndex { $0.item.file == "03-01-05-02-02-01-01.wav" })
        let call = try #require(CallProtocol.calls(rows, seed: EmotionEvaluation.callSeed).first { $0.target == i })
        let e = TrainedEmotionEstimator().estimate(rows[i].features, reference: call.reference)
        #expect(e.label == .irritated)
        #expect(e.arousal > 0.5)
        #expect(e.confidence > 0.5)
    }

    @Test func reasonsNameTheTopContributingFeatures() throws {
        let rows = try Fixture.telephone.get()
        let references = EmotionTrainer.leaveOneOutBaselines(rows)
        let estimator = TrainedEmotionEstimator()
        let model = estimator.model
        var checked = 0
        for (i, row) in rows.enumerated() where row.item.label != nil && row.item.label != .neutral {
            let e = estimator.estimate(row.features, reference: references[i])
            guard e.label != .neutral, let c = model.labels.firstIndex(of: e.label) else { continue }
            let z = model.inputs(row.features, reference: references[i])
            let top = z.indices.max { a, b in
                model.relative.labelClassifier.contribution(ofFeature: a, toClass: c, at: z)
                    < model.relative.labelClassifier.contribution(ofFeature: b, toClass: c, at: z)
            }!
            let feature = TurnFeature(rawValue: top)!
            #expect(e.reasons.first?.hasPrefix(feature.phrase + " ") == true, "\(e.reasons) should lead with \(feature.phrase)")
            #expect(e.reasons.first?.contains("than your usual") == true)
            checked += 1
            if checked == 20 { break }
        }
        #expect(checked == 20)
    }

    @Test func aTurnAtTheCallersBaselineIsNeutral() throws {
        let rows = try Fixture.telephone.get()
        let f = rows[0].features
        let e = TrainedEmotionEstimator().estimate(f, reference: f.values)
        #expect(e.label == .neutral)
        #expect(e.reasons.first == "close to your usual voice (inside the dead zone)")
    }

    @Test func theAlarmThresholdAppliesToIrritatedAndAnxiousOnly() {
        var mode = EmotionModel.default.relative
        mode.minimumLabelProbability = 0.2
        mode.minimumAlarmProbability = 0.35
        #expect(mode.minimumProbability(of: .irritated) == 0.35)
        #expect(mode.minimumProbability(of: .anxious) == 0.35)
        #expect(mode.minimumProbability(of: .bored) == 0.2)
        #expect(mode.minimumProbability(of: .cheerful) == 0.2)
        #expect(mode.minimumProbability(of: .neutral) == 0)
        mode.minimumAlarmProbability = nil
        #expect(mode.minimumProbability(of: .irritated) == 0.2)
    }

    @Test func modelsOfAnotherFeatureVersionAreRefused() throws {
        var json = String(decoding: try EmotionModel.default.encoded(), as: UTF8.self)
        json = json.replacingOccurrences(of: "\"featureVersion\" : \(TurnFeature.version)", with: "\"featureVersion\" : 999")
        #expect(throws: EmotionModelError.self) { try EmotionModel.decode(Data(json.utf8)) }
    }
}

/// The figures issue 4 asks for, on the committed feature tables (the pipeline's own output;
/// `make eval-emotion` recomputes them from the audio), each fold model calibrated on the calm
/// calls as the shipped one is.
@Suite struct EmotionEvaluationTests {
    /// Leave one corpus out on the committed tables: RAVDESS (every line) and nEMO (pcmu).
    static let directions = Result {
        try CrossCorpusEvaluation.run(try Fixture.allLines.get(), reference: "pcmu", calibration: try Fixture.calmCalls.get())
    }

    static func direction(testedOn corpus: String) throws -> CrossCorpusEvaluation.Direction {
        try #require(try directions.get().first { $0.testCorpus == corpus })
    }

    /// The shipped recipe's figures on voices and a language it never heard, within bounds a
    /// little under what the committed tables give (README "Emotion model"; measured: fitted on
    /// RAVDESS → nEMO calls arousal UAR 0.712, four-class 0.325, anger as cheerful/bored 2.7 %,
    /// calm alarmed 0.6 %, first turns 0.657 / 0.0 %; nEMO → RAVDESS 0.773, 0.427, 1.4 %, 3.5 %,
    /// 0.741 / 0.0 %). Issue 11's targets (arousal ≥ 0.88, four-class ≥ 0.45, calm ≤ 3 %, first-turn
    /// arousal ≥ 0.80) are not all met; these bounds guard against regressions, they do not
    /// redefine the targets.
    @Test func leaveOneCorpusOutFiguresHold() throws {
        for (corpus, arousal, four, calm, firstArousal) in [("nemo", 0.70, 0.31, 0.015, 0.64), ("ravdess", 0.76, 0.41, 0.05, 0.72)] {
            let d = try Self.direction(testedOn: corpus)
            #expect(!Set(d.testRows.map(\.item.speaker)).isEmpty)
            #expect(d.call.arousal.uar >= arousal, "\(corpus): calls arousal UAR \(d.call.arousal.uar)")
            #expect(d.call.fourClass.uar >= four, "\(corpus): calls four-class UAR \(d.call.fourClass.uar)")
            let e = ErrorRates(d.call, rows: d.testRows)
            #expect(ErrorRates.rate(e.angerAsCheerfulOrBored) <= 0.05, "\(corpus): anger as cheerful/bored \(e.angerAsCheerfulOrBored)")
            #expect(ErrorRates.rate(e.calmAlarmed) <= calm, "\(corpus): calm alarmed \(e.calmAlarmed)")
            #expect(d.firstTurn.arousal.uar >= firstArousal, "\(corpus): first-turn arousal UAR \(d.firstTurn.arousal.uar)")
            let first = ErrorRates(d.firstTurn, rows: d.testRows)
            #expect(ErrorRates.rate(first.calmAlarmed) <= 0.01, "\(corpus): calm first turns alarmed \(first.calmAlarmed)")
        }
    }

    /// Each call's earlier turns are two neutral utterances of the target's own speaker, never
    /// the target, and the draw is reproducible.
    @Test func callsPutTwoNeutralTurnsOfTheSameSpeakerFirst() throws {
        let rows = try Fixture.telephone.get()
        let calls = CallProtocol.calls(rows, seed: 7)
        #expect(calls.count == rows.filter { $0.item.label != nil }.count)
        for c in calls {
            #expect(c.earlier.count == 2 && Set(c.earlier).count == 2 && !c.earlier.contains(c.target))
            #expect(c.earlier.allSatisfy { rows[$0].item.label == .neutral && rows[$0].item.speaker == rows[c.target].item.speaker })
        }
        #expect(CallProtocol.calls(rows, seed: 7).map(\.earlier) == calls.map(\.earlier))
    }

    /// Labels under ±10 dB and PCMA, L16, Opus: RAVDESS through every line, each utterance
    /// labelled as a call by the model fitted on nEMO alone (it never heard these speakers or
    /// this language). Measured 91.9 % on the committed tables (the evaluation, with nEMO's
    /// other lines also training that model, gives more; README).
    @Test func labelsSurviveGainAndCodecChanges() throws {
        let all = try Fixture.ravdessLines.get()
        let model = try Self.direction(testedOn: "ravdess").model
        func labels(_ line: String) -> [String: CallerEmotion] {
            let rows = all.filter { $0.condition == ChannelCondition(parsing: line)!.description }
            var out: [String: CallerEmotion] = [:]
            for p in EmotionEvaluation.predict(model, rows: rows, indices: Array(rows.indices), baseline: .call) {
                out[rows[p.row].item.file] = p.estimate.label
            }
            return out
        }
        let reference = labels("pcmu")
        var kept = 0, total = 0
        for line in Fixture.otherLines {
            let variant = labels(line)
            let same = reference.filter { variant[$0.key] == $0.value }.count
            #expect(Double(same) / Double(reference.count) >= 0.82, "\(line): \(same) of \(reference.count) kept")
            kept += same
            total += reference.count
        }
        #expect(Double(kept) / Double(total) >= 0.90, "\(kept) of \(total) kept")
    }

    /// The cost matrix's point: an agitated caller of unsure kind gets the safe answer
    /// (irritated: calm, short delivery and the human offer), not the most probable cheerful one.
    @Test func anUnsureAgitatedCallerGetsTheSafeAnswer() {
        let model = EmotionModel.default
        let p: [Float] = [0.10, 0.30, 0.10, 0.05, 0.45]  // neutral, irritated, anxious, bored, cheerful
        #expect(model.labels == [.neutral, .irritated, .anxious, .bored, .cheerful])
        #expect(model.labels[model.decide(p)] == .irritated)
        // A clearly cheerful caller still gets the cheerful answer, a clearly calm one neutral.
        #expect(model.labels[model.decide([0.05, 0.02, 0.03, 0.0, 0.90])] == .cheerful)
        #expect(model.labels[model.decide([0.70, 0.10, 0.10, 0.05, 0.05])] == .neutral)
        var noCosts = model
        noCosts.decisionCosts = nil
        #expect(noCosts.labels[noCosts.decide(p)] == .cheerful)
    }

    @Test func confusionMatrixFigures() {
        var m = ConfusionMatrix(classes: ["a", "b"])
        for _ in 0..<3 { m.add(truth: 0, predicted: 0) }
        m.add(truth: 0, predicted: 1)
        m.add(truth: 1, predicted: 1)
        #expect(m.recall == [0.75, 1])
        #expect(m.uar == 0.875)
        #expect(m.chanceUAR == 0.5)
        #expect(m.accuracy == 0.8)
    }

    @Test func foldsHoldOutWholeSpeakersInOrder() {
        let folds = EmotionEvaluation.folds(speakers: Set((1...24).map { String(format: "%02d", $0) }))
        #expect(folds.count == 6)
        #expect(folds[0] == ["01", "02", "03", "04"])
        #expect(Set(folds.joined()).count == 24)
    }

    @Test func corpusLabelsMapAsTheIssueSays() {
        #expect(EmotionCorpus.label(for: "calm") == .neutral)
        #expect(EmotionCorpus.label(for: "anger") == .irritated)
        #expect(EmotionCorpus.label(for: "fear") == .anxious)
        #expect(EmotionCorpus.label(for: "sadness") == .bored)
        #expect(EmotionCorpus.label(for: "happiness") == .cheerful)
        #expect(EmotionCorpus.label(for: "disgust") == nil)
        #expect(EmotionCorpus.label(for: "surprise") == nil)
    }
}

@Suite struct SoftmaxRegressionTests {
    @Test func separatesSeparableClassesAndIsDeterministic() {
        let x: [[Float]] = [[-2, 0], [-1.5, 0.2], [2, 0], [1.8, -0.1], [0, 2], [0.1, 1.7]]
        let y = [0, 0, 1, 1, 2, 2]
        let (a, _) = SoftmaxRegression(l2: 0.01).fit(x: x, y: y, classCount: 3)
        let (b, _) = SoftmaxRegression(l2: 0.01).fit(x: x, y: y, classCount: 3)
        #expect(a == b)
        for (xi, yi) in zip(x, y) {
            let p = a.probabilities(xi)
            #expect(p.firstIndex(of: p.max()!) == yi)
        }
    }

    @Test func strongPenaltyShrinksWeightsTowardZero() {
        let x: [[Float]] = [[-1], [1], [-0.5], [0.5]]
        let y = [0, 1, 0, 1]
        let weak = SoftmaxRegression(l2: 0.001).fit(x: x, y: y, classCount: 2).0
        let strong = SoftmaxRegression(l2: 10).fit(x: x, y: y, classCount: 2).0
        #expect(abs(strong.weights[1][0] - strong.weights[0][0]) < abs(weak.weights[1][0] - weak.weights[0][0]) / 10)
    }

    /// Two inputs carry the same class evidence; a penalty along input 0 only (the line moves
    /// it) moves the weight onto input 1, and the fit still separates the classes.
    @Test func extraPenaltyMovesWeightOffThePenalisedDirection() {
        let x: [[Float]] = [[-1, -1], [1, 1], [-0.6, -0.5], [0.5, 0.6], [-0.8, -0.9], [0.9, 0.8]]
        let y = [0, 1, 0, 1, 0, 1]
        let plain = SoftmaxRegression(l2: 0.01).fit(x: x, y: y, classCount: 2).0
        let noisy = SoftmaxRegression(l2: 0.01, extraPenalty: [[50, 0], [0, 0]]).fit(x: x, y: y, classCount: 2).0
        let gap = { (c: LinearClassifier, j: Int) in c.weights[1][j] - c.weights[0][j] }
        // Symmetric data: plain L2 shares the weight about equally.
        #expect(abs(gap(plain, 0) - gap(plain, 1)) < 0.2 * abs(gap(plain, 1)))
        #expect(abs(gap(noisy, 0)) < 0.1 * abs(gap(noisy, 1)))
        for (xi, yi) in zip(x, y) {
            let p = noisy.probabilities(xi)
            #expect(p.firstIndex(of: p.max()!) == yi)
        }
    }
}

@Suite struct ChannelConditionParsingTests {
    @Test func parsesCodecsAndGains() {
        #expect(ChannelCondition(parsing: "pcmu") == ChannelCondition(codec: .pcmu))
        #expect(ChannelCondition(parsing: "opus-nb") == ChannelCondition(codec: .opusNarrowband))
        #expect(ChannelCondition(parsing: "pcmu+10") == ChannelCondition(codec: .pcmu, gainDB: 10))
        #expect(ChannelCondition(parsing: "pcma-6") == ChannelCondition(codec: .pcma, gainDB: -6))
        // The form a feature table's header records.
        let c = ChannelCondition(codec: .pcmu, gainDB: -10)
        #expect(ChannelCondition(parsing: c.description) == c)
        #expect(ChannelCondition(parsing: "gsm") == nil)
        #expect(ChannelCondition(parsing: "pcmu+loud") == nil)
        #expect(ChannelCondition(parsing: "pcmu+100") == nil)
    }
}

/// The shipped model on real calm read speech it never saw (Debian packages, telephone copies),
/// each speaker's clips as one call: issue 4's bounds, ≤ 5 % of turns irritated/anxious and men's
/// and women's rates no more than 3 points apart. None of these voices trained or calibrated it.
@Suite struct CalmSpeechFalseAlarmTests {
    static func list(_ relative: String) throws -> [CalmSpeechCheck.Clip] {
        try CalmClipList.read(path: Paths.repoRoot.appendingPathComponent(relative).path, option: "--calm-clips")
    }

    @Test func fewCalmTurnsAreCalledIrritatedOrAnxious() throws {
        let listed = try Self.list(CalmClipList.defaultCheckPath)
        #expect(listed.count == 63 && Set(listed.map(\.speaker)).count == 25)
        let clips = listed.filter { FileManager.default.fileExists(atPath: $0.path) }
        try #require(clips.count == listed.count, "install the calm speech packages (scripts/setup.sh)")
        let calibrationVoices = Set(try Fixture.calmCalls.get().map { $0.item.file })
        #expect(clips.allSatisfy { !calibrationVoices.contains($0.path) })
        let turns = try CalmSpeechCheck.turns(model: .default, clips: clips)
        #expect(turns.count >= 55)
        #expect(turns.filter(\.relative).count >= 20, "later turns are judged against the caller's own baseline")
        func rate(_ sex: String?) -> Double {
            let t = turns.filter { sex == nil || $0.sex == sex }
            return Double(t.filter { CalmSpeechCheck.isAlarm($0.label) }.count) / Double(t.count)
        }
        #expect(rate(nil) <= 0.05, "\(rate(nil)) of calm turns alarmed")
        #expect(abs(rate("male") - rate("female")) <= 0.03, "men \(rate("male")), women \(rate("female"))")
    }
}

/// The calm speech lists are data files (`scripts/emotion-calm-speech/`): what the commands read.
@Suite struct CalmClipListTests {
    @Test func readsSpeakerSexAndPathSkippingComments() throws {
        let clips = try CalmClipList.parse("# a comment\n\nivr-a  female\t/some dir/with space.wav\ncards male /x/001.wav\n", path: "list.txt")
        #expect(clips.map(\.speaker) == ["ivr-a", "cards"])
        #expect(clips.map(\.sex) == ["female", "male"])
        #expect(clips.map(\.path) == ["/some dir/with space.wav", "/x/001.wav"])
    }

    @Test func aFolderPatternListsItsFilesInNameOrder() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("calm-list-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        for name in ["b.gsm", "a.gsm", "c.wav"] { try Data().write(to: dir.appendingPathComponent(name)) }
        let clips = try CalmClipList.parse("voice male \(dir.path)/*.gsm\n", path: "list.txt")
        #expect(clips.map { ($0.path as NSString).lastPathComponent } == ["a.gsm", "b.gsm"])
        #expect(try CalmClipList.parse("voice male /no/such/folder/*.gsm\n", path: "list.txt").isEmpty)
    }

    @Test func errorsNameTheFileAndLine() {
        func message(_ text: String) -> String {
            do { _ = try CalmClipList.parse(text, path: "voices.txt"); return "" } catch { return String(describing: error) }
        }
        #expect(message("# c\nonly-two male\n").hasPrefix("voices.txt:2: expected `SPEAKER SEX PATH`"))
        #expect(message("a robot /x.wav\n").hasPrefix("voices.txt:1: sex must be male or female"))
        let missing = "/no/such/list-\(UUID().uuidString).txt"
        #expect(throws: EmotionTrainingError.self) { try CalmClipList.read(path: missing, option: "--calm-clips") }
        do { _ = try CalmClipList.read(path: missing, option: "--calm-clips") } catch {
            #expect(String(describing: error).contains("pass --calm-clips FILE"))
        }
    }

    /// The calibration voices' list names installed voices and none of the check's.
    @Test func theCalibrationVoicesAreInstalledAndNotTheChecks() throws {
        let voices = try CalmSpeechFalseAlarmTests.list(CalmClipList.defaultCalibrationPath)
        #expect(Set(voices.map(\.speaker)) == ["ivr-it-carlo", "ivr-fr-armelle"], "install them: scripts/setup.sh")
        let check = Set(try CalmSpeechFalseAlarmTests.list(CalmClipList.defaultCheckPath).map(\.path))
        #expect(voices.allSatisfy { !check.contains($0.path) })
        // The committed calibration table was made from these files.
        let table = Set(try Fixture.calmCalls.get().map(\.item.file))
        #expect(table.isSubset(of: Set(voices.map(\.path))))
    }
}

/// Calibration on calm calls: the alarm probability rises until each sex's later turns are within
/// the target, and no further.
@Suite struct CalmCalibrationTests {
    @Test func raisesTheAlarmProbabilityJustEnough() throws {
        let calls = CalmCalibration.calls(try Fixture.calmCalls.get())
        #expect(calls.count >= 10 && calls.allSatisfy { $0.count >= 3 })
        // Without the cost matrix and temperature (most probable label), as the calibration was built for.
        var model = EmotionModel.default
        model.relative.minimumAlarmProbability = nil
        model.decisionCosts = nil
        model.relative.temperature = nil
        func alarms(_ m: EmotionModel, _ sex: String) -> (Int, Int) {
            let e = CalmCalibration.laterTurnEstimates(model: m, calls: calls.filter { $0[0].item.sex == sex })
            return (e.filter { CalmSpeechCheck.isAlarm($0.label) }.count, e.count)
        }
        // The shipped relative classifier alone already alarms on 1 of the 52 later turns, so
        // the strictest target shows the mechanism: raise until none is left, and no further.
        let target = 0.0
        let c = CalmCalibration.calibrate(model, calls: calls, target: target)
        #expect(c.alarmsBefore > c.alarmsAfter, "the uncalibrated model alarms on calm calls")
        var calibrated = model
        calibrated.relative.minimumAlarmProbability = c.minimumAlarmProbability
        var oneStepLess = model
        oneStepLess.relative.minimumAlarmProbability = c.minimumAlarmProbability - 0.01
        var anyOverBefore = false
        for sex in ["male", "female"] {
            let (a, n) = alarms(calibrated, sex)
            #expect(Double(a) <= target * Double(n), "\(sex): \(a) of \(n)")
            let (b, _) = alarms(oneStepLess, sex)
            if Double(b) > target * Double(n) { anyOverBefore = true }
        }
        #expect(anyOverBefore, "a smaller probability would have done")
        // Bored and cheerful are not held back.
        #expect(calibrated.relative.minimumProbability(of: .bored) == model.relative.minimumProbability(of: .bored))
    }
}
