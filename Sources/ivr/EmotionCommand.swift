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
        subcommands: [EmotionTrain.self, EmotionEval.self, EmotionFeatures.self])
}

/// Where the features come from: a corpus (analysed now) or a feature table written before.
struct CorpusOptions: ParsableArguments {
    @Option(help: "Corpus folder: audio files and labels.csv (columns file,speaker,emotion[,sex]).", completion: .directory)
    var corpus: String?

    @Option(help: "A feature table (CSV) written by `ivr emotion features`, instead of analysing --corpus.")
    var features: String?

    @Option(help: "The line the corpus is sent through: pcmu (default), pcma, l16, opus-nb, opus-wb.")
    var channel: String = "pcmu"

    func validate() throws {
        if corpus != nil && features != nil { throw ValidationError("give one of --corpus DIR or --features FILE, not both") }
        if ChannelCondition.Codec(rawValue: channel) == nil {
            throw ValidationError("--channel must be one of \(ChannelCondition.Codec.allCases.map(\.rawValue).joined(separator: ", ")) (got \(channel))")
        }
    }

    @Option(help: "Line gain before the codec, dB (samples clip at full scale).") var gainDb: Float = 0

    var condition: ChannelCondition { ChannelCondition(codec: ChannelCondition.Codec(rawValue: channel)!, gainDB: gainDb) }

    /// Feature rows, analysed through the channel (rounded as a feature table stores them, so
    /// training from the corpus and from its table give the same model).
    func rows(quiet: Bool = false) throws -> [FeatureRow] {
        guard corpus != nil || features != nil else { throw CLIError("give --corpus DIR (audio + labels.csv) or --features FILE") }
        if let features {
            guard let text = try? String(contentsOfFile: features, encoding: .utf8) else {
                throw CLIError("\(features): cannot read the feature table")
            }
            return try FeatureTable.rows(fromCSV: text, path: features)
        }
        let text = try table(quiet: quiet)
        return try FeatureTable.rows(fromCSV: text)
    }

    func table(quiet: Bool) throws -> String {
        let corpus = try EmotionCorpus(directory: URL(fileURLWithPath: self.corpus!))
        let extractor = CorpusFeatureExtractor(condition: condition)
        let showProgress = !quiet && isatty(STDERR_FILENO) != 0
        let (rows, skipped) = try extractor.extract(corpus) { done, total in
            if showProgress && (done % 20 == 0 || done == total) {
                FileHandle.standardError.write(Data("\ranalysing \(done)/\(total) files (\(condition))".utf8))
                if done == total { FileHandle.standardError.write(Data("\n".utf8)) }
            }
        }
        for file in skipped { FileHandle.standardError.write(Data("ivr: \(file): no speech heard; left out\n".utf8)) }
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
        try source.table(quiet: false).write(toFile: out, atomically: true, encoding: .utf8)
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

    func run() throws {
        let rows = try source.rows()
        let note = trainedOn ?? "\(source.corpus ?? source.features!) through \(source.condition)"
        let model = try EmotionTrainer.train(rows, recipe: recipe.recipe, modelVersion: modelVersion,
                                             trainedOn: note + " (\(rows.count) utterances, \(Set(rows.map(\.item.speaker)).count) speakers)",
                                             licence: licence)
        let json = try model.encoded()
        try json.write(to: URL(fileURLWithPath: out))
        if let swiftOut {
            try EmbeddedModelSource.swift(json: String(decoding: json, as: UTF8.self))
                .write(toFile: swiftOut, atomically: true, encoding: .utf8)
        }
        print("wrote \(out): \(model.modelVersion), \(rows.count) utterances")
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
    @Option(help: "Feature tables of the same corpus through other lines: report how many labels a model trained with the recipe keeps.")
    var compare: [String] = []
    @Flag(help: "Only the false-alarm check on calm read speech, with --model or the shipped model.") var calmSpeechOnly = false

    func run() throws {
        if calmSpeechOnly {
            let m = try self.model.map { try EmotionModel.decode(try Data(contentsOf: URL(fileURLWithPath: $0))) } ?? .default
            print(try CalmSpeechCheck.report(model: m) { _ in })
            for t in try CalmSpeechCheck.turns(model: m) {
                print("  \(t.clip) \(t.sex) f0 \(t.f0MedianHz.map { String(Int($0)) } ?? "-") Hz: \(t.label.rawValue)")
            }
            return
        }
        let rows = try source.rows()
        if !compare.isEmpty {
            let m = try EmotionTrainer.train(rows, recipe: recipe.recipe, modelVersion: "recipe", trainedOn: "", licence: "")
            var tables: [ChannelCondition: [FeatureRow]] = [source.condition: rows]
            var variants: [ChannelCondition] = []
            for (i, path) in compare.enumerated() {
                let c = ChannelCondition(codec: .l16, gainDB: Float(100 + i))  // a distinct key per table
                tables[c] = try FeatureTable.rows(fromCSV: String(contentsOfFile: path, encoding: .utf8), path: path)
                variants.append(c)
            }
            print(try EmotionEvalReport.invariance(model: m, reference: source.condition, variants: variants,
                                                   names: compare) { tables[$0]! })
            return
        }
        let shipped: EmotionModel
        if let model {
            shipped = try EmotionModel.decode(try Data(contentsOf: URL(fileURLWithPath: model)))
        } else {
            shipped = .default
        }
        var options = EmotionEvalReport.Options()
        options.speakersPerFold = speakersPerFold
        options.full = !quick && source.corpus != nil
        options.recipe = recipe.recipe
        print(try EmotionEvalReport.run(rows: rows, corpus: source.corpus.map { URL(fileURLWithPath: $0) },
                                        condition: source.condition, model: shipped, options: options) { line in
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

    var recipe: TrainingRecipe {
        var r = TrainingRecipe()
        if let l2 { r.l2 = l2 }
        if let arousalL2 { r.arousalL2 = arousalL2 }
        if let deadZone { r.deadZone = deadZone }
        if let ignore { r.ignoredFeatures = ignore.split(separator: ",").map(String.init) }
        if let relativeIncludesPopulation { r.relativeIncludesPopulation = relativeIncludesPopulation }
        if let firstTurnMinimumProbability { r.minimumLabelProbabilityPopulation = firstTurnMinimumProbability }
        return r
    }
}
