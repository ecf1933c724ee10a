import Emotion
import Foundation

/// A labelled corpus: a folder of audio files and a `labels.csv` beside them.
///
/// `labels.csv` needs a header with at least `file`, `speaker` and `emotion`; `sex`
/// (male/female) is optional and only used to split false alarms; `statement` (or `text`: what
/// was said) and `intensity` are optional: two files of one speaker, emotion and intensity with
/// different words show what the words alone change (`NuisanceVariation`). One row per file; each file
/// is one caller turn (one utterance). `emotion` is one of our labels (neutral, irritated,
/// anxious, bored, cheerful) or a common corpus name mapped to them (see `label(for:)`); rows
/// with other emotions (e.g. disgust, surprise) are not trained on, but still count toward
/// their speaker's baseline, as any turn of a caller would.
public struct EmotionCorpus: Sendable {
    public struct Item: Sendable, Equatable {
        public var file: String
        public var speaker: String
        public var sex: String?
        /// The emotion as written in labels.csv.
        public var emotion: String
        /// Our label, nil when the emotion is not one we train on.
        public var label: CallerEmotion?
        /// What was said (an id or the text), when the corpus says.
        public var statement: String?
        /// How strongly the emotion was expressed, when the corpus says.
        public var intensity: String?
        /// Which corpus the file belongs to (`corpus` column, else the folder's name): evaluations
        /// hold whole corpora out and training weighs corpora equally.
        public var corpus: String

        public init(file: String, speaker: String, sex: String?, emotion: String, label: CallerEmotion?,
                    statement: String? = nil, intensity: String? = nil, corpus: String = "") {
            self.file = file
            self.speaker = speaker
            self.sex = sex
            self.emotion = emotion
            self.label = label
            self.statement = statement
            self.intensity = intensity
            self.corpus = corpus
        }
    }

    public let directory: URL
    public let items: [Item]

    public init(directory: URL) throws {
        self.directory = directory
        let csvURL = directory.appendingPathComponent("labels.csv")
        guard let text = try? String(contentsOf: csvURL, encoding: .utf8) else {
            throw EmotionTrainingError.corpus("\(csvURL.path): cannot read; a corpus folder needs labels.csv "
                + "with columns file,speaker,emotion[,sex]")
        }
        items = try Self.parse(text, path: csvURL.path, defaultCorpus: directory.standardizedFileURL.lastPathComponent)
    }

    public init(directory: URL, items: [Item]) {
        self.directory = directory
        self.items = items
    }

    static func parse(_ text: String, path: String, defaultCorpus: String = "") throws -> [Item] {
        var lines = text.split(whereSeparator: \.isNewline).map(String.init)
        guard !lines.isEmpty else { throw EmotionTrainingError.corpus("\(path): empty") }
        let header = lines.removeFirst().split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        func column(_ name: String) throws -> Int {
            guard let i = header.firstIndex(of: name) else {
                throw EmotionTrainingError.corpus("\(path):1: no `\(name)` column (header: \(header.joined(separator: ",")))")
            }
            return i
        }
        let (fileCol, speakerCol, emotionCol) = (try column("file"), try column("speaker"), try column("emotion"))
        let sexCol = header.firstIndex(of: "sex")
        let statementCol = header.firstIndex(of: "statement") ?? header.firstIndex(of: "text")
        let intensityCol = header.firstIndex(of: "intensity")
        let corpusCol = header.firstIndex(of: "corpus")
        return try lines.enumerated().compactMap { n, line in
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            if cells.allSatisfy(\.isEmpty) { return nil }
            guard cells.count >= header.count else {
                throw EmotionTrainingError.corpus("\(path):\(n + 2): \(cells.count) cells, the header has \(header.count)")
            }
            let emotion = cells[emotionCol].lowercased()
            let optional = { (col: Int?) in col.map { cells[$0] }.flatMap { $0.isEmpty ? nil : $0 } }
            return Item(file: cells[fileCol], speaker: cells[speakerCol], sex: sexCol.map { cells[$0].lowercased() },
                        emotion: emotion, label: label(for: emotion), statement: optional(statementCol),
                        intensity: optional(intensityCol), corpus: optional(corpusCol) ?? defaultCorpus)
        }
    }

    /// Corpus emotion names → our labels (issue 4): neutral ← neutral, calm; irritated ← anger;
    /// anxious ← fear; bored ← sadness, boredom; cheerful ← happiness. Anything else: nil.
    public static func label(for emotion: String) -> CallerEmotion? {
        switch emotion.lowercased() {
        case "neutral", "calm": return .neutral
        case "irritated", "anger", "angry": return .irritated
        case "anxious", "fear", "fearful": return .anxious
        case "bored", "sadness", "sad", "boredom": return .bored
        case "cheerful", "happiness", "happy": return .cheerful
        default: return nil
        }
    }

    /// Arousal class of a label: high for irritated, anxious, cheerful; low for neutral, bored.
    public static func isHighArousal(_ label: CallerEmotion) -> Bool {
        switch label {
        case .irritated, .anxious, .cheerful: return true
        case .neutral, .bored: return false
        }
    }
}

public enum EmotionTrainingError: Error, CustomStringConvertible {
    case corpus(String)
    case audio(String)
    case training(String)

    public var description: String {
        switch self {
        case .corpus(let s), .audio(let s), .training(let s): return s
        }
    }
}
