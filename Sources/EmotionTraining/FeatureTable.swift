import Emotion
import Foundation
import Prosody

/// Feature rows as CSV: a cache of what the pipeline computed for a corpus under one channel, so
/// training and evaluation can be re-run (and tested) without re-analysing the audio.
/// Header: `file,speaker,sex,emotion,statement,intensity,speechSec,<feature names…>`; a first comment line records
/// the feature version and the channel. Unmeasured features are written as `nan`.
public enum FeatureTable {
    static let columns = ["file", "speaker", "sex", "emotion", "statement", "intensity", "speechSec"]

    public static func csv(_ rows: [FeatureRow], condition: ChannelCondition) -> String {
        csv(rows, condition: condition.description)
    }

    public static func csv(_ rows: [FeatureRow], condition: String) -> String {
        let corpus = rows.first.map(\.item.corpus).flatMap { $0.isEmpty ? nil : ", corpus \($0)" } ?? ""
        var out = "# ivr emotion features v\(TurnFeature.version), channel \(condition)\(corpus)\n"
        out += (columns + TurnFeature.allCases.map(\.name)).joined(separator: ",") + "\n"
        for r in rows {
            let values = r.features.values.map { $0.isFinite ? String(format: "%.5g", $0) : "nan" }
            out += ([r.item.file, r.item.speaker, r.item.sex ?? "", r.item.emotion, r.item.statement ?? "", r.item.intensity ?? "",
                     String(format: "%.2f", r.features.speechSec)]
                    + values).joined(separator: ",") + "\n"
        }
        return out
    }

    /// Rows of a table written by `csv`; throws when it was made with another feature version.
    public static func rows(fromCSV text: String, path: String = "features.csv") throws -> [FeatureRow] {
        var lines = text.split(whereSeparator: \.isNewline).map(String.init)
        guard let first = lines.first, first.hasPrefix("# ivr emotion features v\(TurnFeature.version),") else {
            throw EmotionTrainingError.corpus("\(path): not a feature table of feature version \(TurnFeature.version); re-extract it")
        }
        // "# ivr emotion features v2, channel pcmu[, corpus nemo]"
        let tail = first.components(separatedBy: ", channel ").dropFirst().first ?? ""
        let parts = tail.components(separatedBy: ", corpus ")
        let condition = parts[0]
        let corpus = parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : ""
        lines.removeFirst()
        let header = lines.removeFirst().split(separator: ",").map(String.init)
        guard header == columns + TurnFeature.allCases.map(\.name) else {
            throw EmotionTrainingError.corpus("\(path):2: unexpected columns; re-extract it")
        }
        return try lines.enumerated().map { n, line in
            let c = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard c.count == header.count, let speech = Double(c[6]) else {
                throw EmotionTrainingError.corpus("\(path):\(n + 3): malformed row")
            }
            let item = EmotionCorpus.Item(file: c[0], speaker: c[1], sex: c[2].isEmpty ? nil : c[2], emotion: c[3],
                                          label: EmotionCorpus.label(for: c[3]), statement: c[4].isEmpty ? nil : c[4],
                                          intensity: c[5].isEmpty ? nil : c[5], corpus: corpus)
            let values = c[7...].map { Float($0) ?? .nan }
            return FeatureRow(item: item, features: TurnFeatures(values: values, speechSec: speech), condition: condition)
        }
    }
}
