import Foundation

/// The voices and variants an installed espeak-ng knows, read from its data folder, so lint can
/// say "variant 'grandpaa' is not an espeak-ng variant; did you mean 'grandpa'?".
public struct EspeakCatalog: Sendable {
    public var voices: Set<String>
    public var variants: Set<String>

    public init(voices: Set<String>, variants: Set<String>) {
        self.voices = voices
        self.variants = variants
    }

    /// Reads `<dataPath>/lang/**` (voice names: file names and their `language` lines) and
    /// `<dataPath>/voices/!v/*` (variants). nil when the folder is not an espeak-ng data folder.
    public static func load(dataPath: String) -> EspeakCatalog? {
        let fm = FileManager.default
        let langDir = URL(fileURLWithPath: dataPath).appendingPathComponent("lang")
        let variantDir = URL(fileURLWithPath: dataPath).appendingPathComponent("voices/!v")
        guard let enumerator = fm.enumerator(at: langDir, includingPropertiesForKeys: [.isRegularFileKey]),
              let variantFiles = try? fm.contentsOfDirectory(atPath: variantDir.path) else { return nil }
        var voices: Set<String> = []
        for case let url as URL in enumerator where (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true {
            voices.insert(url.lastPathComponent.lowercased())
            guard let text = try? String(contentsOf: url, encoding: .utf8) else { continue }
            for line in text.split(separator: "\n") where line.hasPrefix("language ") {
                let words = line.split(separator: " ")
                if words.count > 1 { voices.insert(words[1].lowercased()) }
            }
        }
        guard !voices.isEmpty else { return nil }
        return EspeakCatalog(voices: voices, variants: Set(variantFiles))
    }

    /// The catalog of `dataPath` when it holds one, else of the first standard data folder
    /// that does (as `ivr voices lint` finds it); nil when espeak-ng's data is not found.
    public static func installed(dataPath: String? = nil) -> EspeakCatalog? {
        dataPath.flatMap(load(dataPath:)) ?? standardDataPaths.lazy.compactMap(load(dataPath:)).first
    }

    /// The usual data folders of Debian's espeak-ng packages.
    public static let standardDataPaths = [
        "/usr/lib/x86_64-linux-gnu/espeak-ng-data", "/usr/lib/aarch64-linux-gnu/espeak-ng-data",
        "/usr/share/espeak-ng-data", "/usr/local/share/espeak-ng-data",
    ]

    func check(voice: String, variant: String?, fields: Fields) {
        if !voices.contains(voice.lowercased()), let node = fields.value("voice") {
            fields.log.error(fields.location(node), "voice '\(voice)' is not an espeak-ng voice",
                             fix: Suggestion.didYouMean(voice, in: voices.sorted()) ?? "see 'espeak-ng --voices'")
        }
        if let variant, !variants.contains(variant), let node = fields.value("variant") {
            fields.log.error(fields.location(node), "variant '\(variant)' is not an espeak-ng variant",
                             fix: Suggestion.didYouMean(variant, in: variants.sorted()) ?? "see 'espeak-ng --voices=variant'")
        }
    }
}
