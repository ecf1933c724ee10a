import Foundation

/// A list of calm speech clips in a text file (the calm-speech check's and the calm
/// calibration's voices live in `scripts/emotion-calm-speech/`, not in the code: where a machine
/// keeps its Debian packages is data).
///
/// One clip a line: `SPEAKER SEX PATH`, separated by spaces or tabs, the path being the rest of
/// the line; `#` starts a comment line. A path ending in `/*.EXT` stands for every `.EXT` file of
/// that folder, in name order (nothing when the folder is missing). A speaker's clips, in file
/// order, make one call.
public enum CalmClipList {
    /// The lists in the repository, relative to its root (the Makefile passes them explicitly).
    public static let defaultCheckPath = "scripts/emotion-calm-speech/check-clips.txt"
    public static let defaultCalibrationPath = "scripts/emotion-calm-speech/calibration-voices.txt"

    /// Reads and expands the list at `path`. `option` names the flag that overrides it, for the
    /// error message.
    public static func read(path: String, option: String) throws -> [CalmSpeechCheck.Clip] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw EmotionTrainingError.corpus("\(path): cannot read the calm speech list (run from the repository root, "
                + "or pass \(option) FILE with lines `SPEAKER SEX PATH`)")
        }
        return try parse(text, path: path)
    }

    /// The clips of a list's text; `path` only names the file in errors.
    public static func parse(_ text: String, path: String) throws -> [CalmSpeechCheck.Clip] {
        var out: [CalmSpeechCheck.Clip] = []
        for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let parts = line.split(maxSplits: 2, whereSeparator: { $0 == " " || $0 == "\t" })
            guard parts.count == 3 else {
                throw EmotionTrainingError.corpus("\(path):\(n + 1): expected `SPEAKER SEX PATH`, got `\(line)`")
            }
            let sex = String(parts[1])
            guard sex == "male" || sex == "female" else {
                throw EmotionTrainingError.corpus("\(path):\(n + 1): sex must be male or female (got `\(sex)`)")
            }
            let clipPath = parts[2].trimmingCharacters(in: .whitespaces)
            out += expand(clipPath).map { CalmSpeechCheck.Clip(path: $0, speaker: String(parts[0]), sex: sex) }
        }
        return out
    }

    /// `DIR/*.EXT` → the folder's `.EXT` files in name order; any other path as it is.
    static func expand(_ path: String) -> [String] {
        let name = (path as NSString).lastPathComponent
        guard name.hasPrefix("*.") else { return [path] }
        let dir = (path as NSString).deletingLastPathComponent
        let suffix = String(name.dropFirst())
        return ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter { $0.hasSuffix(suffix) }.sorted()
            .map { (dir as NSString).appendingPathComponent($0) }
    }
}
