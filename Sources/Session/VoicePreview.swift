import AudioFiles
import Dialogue
import Foundation

/// Renders every line of a brand's prompt set in every style (and language) to WAV files, with
/// an index, so a brand team can listen before shipping (`ivr voices preview`).
public enum VoicePreview {
    public struct Entry: Sendable, Equatable, Codable {
        public var file: String
        public var language: String
        public var key: String
        public var style: String
        /// The wording used (the style's variant, or `default` when the line has none).
        public var variant: String
        public var text: String
        public var delivery: String
        public var durationSec: Double
    }

    /// Writes `<lang>/<key>/<style>.wav` under `directory` plus `index.tsv` and `index.md`;
    /// `progress` gets (done, total).
    public static func render(brand: Brand, prompts: PromptLibrary, to directory: URL, rateHz: Int = 16000,
                              progress: ((Int, Int) -> Void)? = nil) throws -> [Entry] {
        var jobs: [(String, PromptKey, CallerEmotion)] = []
        for language in brand.prompts.languages.keys.sorted() {
            let keys = brand.prompts.languages[language]!.lines.keys.sorted { $0.rawValue < $1.rawValue }
            for key in keys { for style in CallerEmotion.allCases { jobs.append((language, key, style)) } }
        }
        var entries: [Entry] = []
        for (n, (language, key, style)) in jobs.enumerated() {
            let requested = brand.voice.style(for: style).variant
            guard let resolved = brand.prompts.line(key, variant: requested, language: language) else { continue }
            let settings = brand.voice.synthesis(language: language, emotion: style)
            let utterance = Utterance(key: key, purpose: .prompt, style: style, variant: resolved.variant,
                                      requestedVariant: requested, text: PromptText.render(resolved.line.text, values: [:]),
                                      language: language, audioPath: resolved.line.audioPath, synthesis: settings)
            let audio = try prompts.render(utterance, rateHz: rateHz)
            let file = "\(language)/\(key.rawValue)/\(style.rawValue).wav"
            let url = directory.appendingPathComponent(file)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try AudioFileWriter.writeWAV(url: url, channels: [audio], sampleRateHz: rateHz)
            entries.append(Entry(file: file, language: language, key: key.rawValue, style: style.rawValue,
                                 variant: resolved.variant.rawValue, text: utterance.text,
                                 delivery: resolved.line.audioPath.map { "recording \($0)" } ?? settings.deliveryDescription,
                                 durationSec: (Double(audio.count) / Double(rateHz) * 100).rounded() / 100))
            progress?(n + 1, jobs.count)
        }
        try writeIndex(entries, brand: brand, to: directory)
        return entries
    }

    private static func writeIndex(_ entries: [Entry], brand: Brand, to directory: URL) throws {
        var tsv = "file\tlanguage\tkey\tstyle\tvariant\tdurationSec\tdelivery\ttext\n"
        var md = "# \(brand.voice.brand) — voice preview (`\(brand.voice.id)`)\n\n| line | style | wording | delivery | listen |\n|---|---|---|---|---|\n"
        for e in entries {
            tsv += [e.file, e.language, e.key, e.style, e.variant, String(e.durationSec), e.delivery, e.text].joined(separator: "\t") + "\n"
            md += "| \(e.language)/\(e.key) | \(e.style) | \(e.variant): \(e.text.replacingOccurrences(of: "|", with: "\\|")) | \(e.delivery) | [\(e.durationSec) s](\(e.file)) |\n"
        }
        try tsv.write(to: directory.appendingPathComponent("index.tsv"), atomically: true, encoding: .utf8)
        try md.write(to: directory.appendingPathComponent("index.md"), atomically: true, encoding: .utf8)
    }
}

extension SynthesisSettings {
    /// "en-gb-x-rp+m1 160 wpm, pitch 42, range 30, volume 110"
    public var deliveryDescription: String {
        "\(espeakVoiceName) \(rateWPM) wpm, pitch \(pitch), range \(pitchRange), volume \(volume)"
    }
}
