import ArgumentParser
import Emotion
import EmotionTraining
import Foundation

/// `ivr emotion train|eval|features`: the emotion model's offline tools (training data never
/// needed at run time).
struct EmotionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "emotion",
        abstract: "Train and evaluate the emotion model on a labelled corpus (a folder of audio + labels.csv).",
        subcommands: [EmotionTrain.self, EmotionEval.self, EmotionFeatures.self, EmotionCalmCalls.self])
}

/// Where the features come from: a corpus (analysed now) or feature tables written before.
/// The first line (`--channel`, or the first `--features` table) is the reference: evaluation
/// figures are on it; the others (`--augment`, further tables) are added to training, each
/// speaker's baseline formed within one line.
struct CorpusOptions: ParsableArguments {
    @Option(help: "Corpus folder: audio files and labels.csv (columns file,speaker,emotion[,sex]).", completion: .directory)
    var corpus: String?

    @Option(help: "A feature table (CSV) written by `ivr emotion features`, instead of analysing --corpus; repeat for more lines (the first is the reference).")
    var features: [String] = []

    @Option(help: "The line the corpus is sent through: pcmu (default), pcma, l16, opus-nb, opus-wb, optionally with a gain, e.g. pcmu+10.")
    var channel: String = "pcmu"

    @Option(help: "Comma-separated further lines the corpus is also sent through for training (e.g. pcmu+10,pcmu-10,opus-nb,opus-wb).")
    var augment: String?

    @Option(help: "Line gain before the codec, dB (samples clip at full scale); added to --channel's.") var gainDb: Float = 0

    func validate() throws {
        if corpus != nil && !features.isEmpty { throw ValidationError("give one of --corpus DIR or --features FILE, not both") }
        if ChannelCondition(parsing: channel) == nil {
            throw ValidationError("--channel must be one of \(ChannelCondition.Codec.allCases.map(\.rawValue).joined(separator: ", ")), optionally with a gain such as pcmu+10 (got \(channel))")
        }
        for item in augmentList where ChannelCondition(parsing: item) == nil {
            throw ValidationError("--augment: \(item) is not a line (use e.g. pcmu+10, pcma, opus-nb, opus-wb)")
        }
        if augment != nil && corpus == nil { throw ValidationError("--augment needs --corpus (with tables, pass one --features per line)") }
    }

    private var augmentList: [String] {
        (augment ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    var condition: ChannelCondition {
        var c = ChannelCondition(parsing: channel)!
        c.gainDB += gainDb
        return c
    }

    var conditions: [ChannelCondition] { [condition] + augmentList.map { ChannelCondition(parsing: $0)! } }

    /// Feature rows of every line, the reference line's first (rounded as a feature table
    /// stores them, so training from the corpus and from its tables give the same model).
    func rows(quiet: Bool = false) throws -> [FeatureRow] {
        guard corpus != nil || !features.isEmpty else { throw CLIError("give --corpus DIR (audio + labels.csv) or --features FILE") }
        if !features.isEmpty {
            return try features.flatMap { path -> [FeatureRow] in
                guard FileManager.default.fileExists(atPath: path) else { throw CLIError("\(path): no such feature table") }
                guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                    throw CLIError("\(path): cannot read the feature table (not UTF-8 text?)")
                }
                return try FeatureTable.rows(fromCSV: text, path: path)
            }
        }
        return try conditions.flatMap { try FeatureTable.rows(fromCSV: table(condition: $0, quiet: quiet)) }
    }

    /// The condition the evaluation reports on: the first table's, or `--channel`.
    func referenceCondition(of rows: [FeatureRow]) -> String {
        features.isEmpty ? condition.description : (rows.first?.condition ?? condition.description)
    }

    func table(condition: ChannelCondition, quiet: Bool) throws -> String {
        let corpus = try EmotionCorpus(directory: URL(fileURLWithPath: self.corpus!))
        let extractor = CorpusFeatureExtractor(condition: condition)
        let showProgress = !quiet && isatty(STDERR_FILENO) != 0
        let (rows, skipped) = try extractor.extract(corpus) { done, total in
            if showProgress && (done % 20 == 0 || done == total) {
                FileHandle.standardError.write(Data("\ranalysing \(done)/\(total) files (\(condition))".utf8))
                if done == total { FileHandle.standardError.write(Data("\n".utf8)) }
            }
        }
        for file in skipped { FileHandle.standardError.write(Data("ivr: \(file): no speech heard through \(condition); left out\n".utf8)) }
        return FeatureTable.csv(rows, condition: condition)
    }
}

struct EmotionFeatures: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "features", abstract: "Analyse a corpus through a channel and write its per-file features as CSV.")
    @OptionGroup var source: CorpusOptions
    @Option(help: "Output CSV file.") var out: String
    func run() throws {
        guard source.corpus != nil else { throw CLIError("features needs --corpus DIR") }
        guard source.augment == nil else { throw CLIError("features writes one line's table; run it once per --channel") }
        try writeOutput(source.table(condition: source.condition, quiet: false), to: out)
    }
}

struct EmotionCalmCalls: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calm-calls",
        abstract: "Analyse the calm calibration speech (Debian packages, see scripts/setup.sh) and write it as a table of calls.",
        discussion: "Other voices than the calm-speech check's. `train --calibration` and `eval --calibration` read the table.")
    @Option(help: "The line: pcmu (default), pcma, l16, opus-nb, opus-wb, optionally with a gain.") var channel: String = "pcmu"
    @Option(help: "The calibration voices: lines `SPEAKER SEX PATH` (a path DIR/*.EXT: the folder's .EXT files).")
    var voices: String = CalmClipList.defaultCalibrationPath
    @Option(help: "Output CSV file.") var out: String

    func run() throws {
        guard let condition = ChannelCondition(parsing: channel) else { throw CLIError("--channel: \(channel) is not a line (use e.g. pcmu, pcma, opus-nb)") }
        let clips = try CalmClipList.read(path: voices, option: "--voices").filter { FileManager.default.fileExists(atPath: $0.path) }
        guard !clips.isEmpty else {
            throw CLIError("\(voices): none of the calibration speech it lists is installed: run scripts/setup.sh "
                + "(asterisk-core-sounds-it-gsm, asterisk-prompt-fr-armelle)")
        }
        let showProgress = isatty(STDERR_FILENO) != 0
        let rows = try CalmCalibration.extract(clips, extractor: CorpusFeatureExtractor(condition: condition)) { done, total in
            if showProgress && (done % 50 == 0 || done == total) {
                FileHandle.standardError.write(Data("\ranalysing \(done)/\(total) lines (\(condition))".utf8))
                if done == total { FileHandle.standardError.write(Data("\n".utf8)) }
            }
        }
        try writeOutput(FeatureTable.csv(rows, condition: condition), to: out)
        let calls = CalmCalibration.calls(rows)
        print("wrote \(out): \(rows.count) calm lines of \(clips.count), \(calls.count) calls")
    }
}

/// `--calibration FILE`: a table written by `ivr emotion calm-calls`.
struct CalibrationOptions: ParsableArguments {
    @Option(help: "Calm calls (a table from `ivr emotion calm-calls`) that set the probability irritated/anxious need (see --calm-alarm-target).")
    var calibration: String?

    func rows() throws -> [FeatureRow] {
        guard let calibration else { return [] }
        guard let text = try? String(contentsOfFile: calibration, encoding: .utf8) else {
            throw CLIError("\(calibration): cannot read the calibration table")
        }
        let rows = try FeatureTable.rows(fromCSV: text, path: calibration)
        guard !rows.isEmpty else { throw CLIError("\(calibration): the calibration table holds no calm turns") }
        return rows
    }
}

struct EmotionTrain: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train", abstract: "Train the emotion model on a labelled corpus and write it as JSON.")
    @OptionGroup var source: CorpusOptions
    @Option(help: "Output model JSON.") var out: String
    @Option(help: "Also write the model as a Swift source file that embeds it (the shipped default).") var swiftOut: String?
    @Option(help: "Model version to record.") var modelVersion: String = "custom"
    @Option(help: "What the corpus is, for the model's note.") var trainedOn: String?
    @Option(help: "The licence the training data imposes on the weights.") var licence: String = "as the training corpus"
    @OptionGroup var recipe: RecipeOptions
    @OptionGroup var calibration: CalibrationOptions

    func run() throws {
        let rows = try source.rows()
        let lines = Set(rows.map(\.condition)).sorted().joined(separator: ", ")
        let note = trainedOn ?? "\(source.corpus ?? source.features.joined(separator: ", ")) through \(lines)"
        let model = try EmotionTrainer.train(rows, reference: source.referenceCondition(of: rows), recipe: recipe.recipe,
                                             calibration: calibration.rows(), modelVersion: modelVersion,
                                             trainedOn: note + " (\(Set(rows.map(\.item.file)).count) files, \(Set(rows.map(\.item.speaker)).count) speakers)",
                                             licence: licence)
        let json = try model.encoded()
        try writeOutput(String(decoding: json, as: UTF8.self), to: out)
        if let swiftOut {
            try writeOutput(EmbeddedModelSource.swift(json: String(decoding: json, as: UTF8.self)), to: swiftOut)
        }
        print("wrote \(out): \(model.modelVersion), \(Set(rows.map(\.item.file)).count) files through \(Set(rows.map(\.condition)).count) lines")
    }
}

struct EmotionEval: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval", abstract: "Speaker-independent evaluation of the emotion model recipe on a labelled corpus.")
    @OptionGroup var source: CorpusOptions
    @Option(help: "Speakers held out per fold.") var speakersPerFold = 4
    @Flag(help: "Only the cross-validation (no channel invariance, calm-speech false alarms or timing).") var quick = false
    @Option(help: "The model the invariance and calm-speech checks use (default: the shipped model).") var model: String?
    @OptionGroup var recipe: RecipeOptions
    @OptionGroup var calibration: CalibrationOptions
    @Flag(help: "Only the false-alarm check on calm read speech, with --model or the shipped model.") var calmSpeechOnly = false
    @Option(help: "With --calm-speech-only: also write the calm turns' features as a table (speaker = caller, emotion = turn order).")
    var calmFeaturesOut: String?
    @Flag(help: "With --calm-speech-only: judge with the explainable rules instead of a model.") var rules = false
    @Option(help: "Calm read speech for the false-alarm check and the timing: lines `SPEAKER SEX PATH`.")
    var calmClips: String = CalmClipList.defaultCheckPath

    func validate() throws {
        guard speakersPerFold >= 1 else {
            throw ValidationError("--speakers-per-fold must be at least 1 (got \(speakersPerFold)): a fold holds out whole speakers")
        }
    }

    func run() throws {
        let shipped = try model.map { path -> EmotionModel in
            guard let data = FileManager.default.contents(atPath: path) else { throw CLIError("\(path): cannot read the model file") }
            do { return try EmotionModel.decode(data) } catch { throw CLIError("\(path): \(error)") }
        } ?? .default
        // Only the checks that listen to audio need the list (not --quick).
        let clips = calmSpeechOnly || !quick ? try CalmClipList.read(path: calmClips, option: "--calm-clips") : []
        if calmSpeechOnly {
            let turns = try CalmSpeechCheck.turns(model: shipped, estimator: rules ? .rules : .trained, clips: clips)
            if let calmFeaturesOut {
                var order: [String: Int] = [:]
                let rows = turns.compactMap { t -> FeatureRow? in
                    guard let f = t.features else { return nil }
                    order[t.speaker, default: 0] += 1
                    return FeatureRow(item: .init(file: "\(t.speaker)#\(order[t.speaker]!)", speaker: t.speaker, sex: t.sex,
                                                  emotion: "calm", label: .neutral), features: f,
                                      condition: ChannelCondition.telephone.description)
                }
                try writeOutput(FeatureTable.csv(rows, condition: ChannelCondition.telephone), to: calmFeaturesOut)
            }
            print(CalmSpeechCheck.report(turns), terminator: "")
            for t in turns {
                print("  \(t.speaker) (\(t.sex), f0 \(t.f0MedianHz.map { String(Int($0)) } ?? "-") Hz, \(t.relative ? "vs own baseline" : "vs priors")): "
                      + "\(t.label.rawValue) — \(t.reasons.joined(separator: "; "))")
            }
            return
        }
        let rows = try source.rows()
        var options = EmotionEvalReport.Options()
        options.speakersPerFold = speakersPerFold
        options.full = !quick
        options.recipe = recipe.recipe
        options.calibration = try calibration.rows()
        options.calmClips = clips
        print(try EmotionEvalReport.run(rows: rows, reference: source.referenceCondition(of: rows),
                                        corpus: source.corpus.map { URL(fileURLWithPath: $0) },
                                        model: shipped, options: options) { line in
            FileHandle.standardError.write(Data((line + "\n").utf8))
        })
    }
}

/// The training recipe's knobs (defaults: the shipped recipe).
struct RecipeOptions: ParsableArguments {
    @Option(help: "L2 penalty of the label classifiers.") var l2: Double?
    @Option(help: "L2 penalty of the arousal classifiers.") var arousalL2: Double?
    @Option(help: "Dead zone around the reference, in population standard deviations.") var deadZone: Float?
    @Option(help: "Relative mode also reads turns against population priors (true/false).") var relativeIncludesPopulation: Bool?
    @Option(help: "Comma-separated features the model should not read.") var ignore: String?
    @Option(help: "Probability a non-neutral label needs before a caller baseline exists.") var firstTurnMinimumProbability: Float?
    @Option(help: "Probability a non-neutral label needs against the caller's baseline (default 0).") var minimumProbability: Float?
    @Option(help: "Probability irritated or anxious needs against the caller's baseline (default: as other labels).") var minimumAlarmProbability: Float?
    @Option(help: "Weight of the penalty on what a change of line moves (needs the corpus through other lines too; default 5).") var linePenalty: Double?
    @Option(help: "Weight of the penalty on what other words move (needs a statement column; default 0).") var wordsPenalty: Double?
    @Option(help: "With --calibration: the share of the calm calls' later turns allowed to be called irritated or anxious (default 0.05).") var calmAlarmTarget: Double?

    var recipe: TrainingRecipe {
        var r = TrainingRecipe()
        if let l2 { r.l2 = l2 }
        if let arousalL2 { r.arousalL2 = arousalL2 }
        if let deadZone { r.deadZone = deadZone }
        if let ignore { r.ignoredFeatures = ignore.split(separator: ",").map(String.init) }
        if let relativeIncludesPopulation { r.relativeIncludesPopulation = relativeIncludesPopulation }
        if let firstTurnMinimumProbability { r.minimumLabelProbabilityPopulation = firstTurnMinimumProbability }
        if let minimumProbability { r.minimumLabelProbabilityRelative = minimumProbability }
        if let minimumAlarmProbability { r.minimumAlarmProbabilityRelative = minimumAlarmProbability }
        if let linePenalty { r.linePenalty = linePenalty }
        if let wordsPenalty { r.wordsPenalty = wordsPenalty }
        if let calmAlarmTarget { r.calmAlarmTarget = calmAlarmTarget }
        return r
    }
}
