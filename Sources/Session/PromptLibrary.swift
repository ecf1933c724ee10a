import AudioFiles
import Codecs
import Dialogue
import Foundation
import Synchronization
import Synthesis

/// Every line a brand can say, as audio at the call rates, ready before a call needs it — so a
/// call's hops never synthesize or read a file.
///
/// At load: every static line (no `{values}`) of every language × key × style, every extra, and
/// every recording, in a fixed order (espeak-ng's output depends on what it synthesized before,
/// so a fixed order makes the audio the same in every process that loads the brand). Lines with
/// `{values}` are rendered on demand (`render`) off the media path, into a bounded cache; renders
/// are serialized, so a line many calls ask for at the same moment is rendered once.
public final class PromptLibrary: Sendable {
    public let brand: Brand
    public let ratesHz: [Int]
    /// Relative recording paths are resolved against this folder (the prompt set's folder).
    public let baseDirectory: URL
    /// Lines with values kept at most (oldest dropped first).
    public let dynamicCapacity: Int

    private let synthesis: PromptAudioCache
    private let preloaded: [PromptAudioKey: [Float]]
    private let dynamic: Mutex<BoundedCache<PromptAudioKey, [Float]>>
    private let renderLock = Mutex<Void>(())

    /// Renders every static line at `ratesHz`; `progress` gets (done, total).
    public init(brand: Brand, baseDirectory: URL, ratesHz: [Int], dynamicCapacity: Int = 256,
                synthesis: PromptAudioCache = .shared, progress: ((Int, Int) -> Void)? = nil) throws {
        self.brand = brand
        self.ratesHz = ratesHz
        self.baseDirectory = baseDirectory
        self.dynamicCapacity = dynamicCapacity
        self.synthesis = synthesis
        dynamic = Mutex(BoundedCache(capacity: dynamicCapacity))
        let lines = Self.staticUtterances(of: brand)
        var table: [PromptAudioKey: [Float]] = [:]
        for (n, u) in lines.enumerated() {
            for rate in ratesHz {
                let key = PromptAudioKey(u, rateHz: rate)
                if table[key] == nil {
                    table[key] = try Self.produce(u, rateHz: rate, baseDirectory: baseDirectory, synthesis: synthesis, keep: true)
                }
            }
            progress?(n + 1, lines.count)
        }
        preloaded = table
    }

    /// The line's audio if it is ready (static, or a dynamic line already rendered); never
    /// synthesizes or reads a file.
    public func cached(_ u: Utterance, rateHz: Int) -> [Float]? {
        let key = PromptAudioKey(u, rateHz: rateHz)
        if let audio = preloaded[key] { return audio }
        return dynamic.withLock { $0[key] }
    }

    /// The line's audio, rendering it if needed. Blocking: call it off the media path.
    public func render(_ u: Utterance, rateHz: Int) throws -> [Float] {
        if let audio = cached(u, rateHz: rateHz) { return audio }
        return try renderLock.withLock { _ in
            let key = PromptAudioKey(u, rateHz: rateHz)
            if let audio = dynamic.withLock({ $0[key] }) { return audio }
            // Not kept by the process-wide synthesis cache: lines with values differ per call.
            let audio = try Self.produce(u, rateHz: rateHz, baseDirectory: baseDirectory, synthesis: synthesis, keep: false)
            dynamic.withLock { $0[key] = audio }
            return audio
        }
    }

    /// Lines rendered at load (per rate).
    public var preloadedCount: Int { preloaded.count }

    // MARK: - Producing audio

    private static func produce(_ u: Utterance, rateHz: Int, baseDirectory: URL,
                                synthesis: PromptAudioCache, keep: Bool) throws -> [Float] {
        guard let path = u.audioPath else {
            return try synthesis.audio(for: SynthesisRequest(text: u.text, settings: u.synthesis), outputRateHz: rateHz, keep: keep)
        }
        let url = path.hasPrefix("/") ? URL(fileURLWithPath: path) : baseDirectory.appendingPathComponent(path)
        let file = try AudioFileReader.read(url: url, channel: .mix)
        return file.sampleRateHz == rateHz ? file.samples
            : try Resampler(inputRateHz: file.sampleRateHz, outputRateHz: rateHz).resample(file.samples)
    }

    /// Every line the brand can say without a caller's values, in a fixed order: languages,
    /// keys, styles; then extras.
    static func staticUtterances(of brand: Brand) -> [Utterance] {
        var out: [Utterance] = []
        for language in brand.prompts.languages.keys.sorted() {
            guard let prompts = brand.prompts.languages[language] else { continue }
            for key in prompts.lines.keys.sorted(by: { $0.rawValue < $1.rawValue }) {
                for style in CallerEmotion.allCases {
                    let requested = brand.voice.style(for: style).variant
                    guard let resolved = brand.prompts.line(key, variant: requested, language: language),
                          PromptText.placeholders(in: resolved.line.text).isEmpty else { continue }
                    out.append(Utterance(key: key, purpose: .prompt, style: style, variant: resolved.variant,
                                         requestedVariant: requested, text: resolved.line.text, language: language,
                                         audioPath: resolved.line.audioPath,
                                         synthesis: brand.voice.synthesis(language: language, emotion: style)))
                }
            }
            for kind in prompts.extras.keys.sorted(by: { $0.rawValue < $1.rawValue }) {
                for line in prompts.extras[kind] ?? [] where PromptText.placeholders(in: line.text).isEmpty {
                    for style in CallerEmotion.allCases where brand.voice.style(for: style).extra == kind {
                        out.append(Utterance(key: PromptKey(kind.rawValue), purpose: kind == .fact ? .fact : .joke,
                                             style: style, variant: .default, requestedVariant: .default, text: line.text,
                                             language: language, audioPath: line.audioPath,
                                             synthesis: brand.voice.synthesis(language: language, emotion: style)))
                    }
                }
            }
        }
        return out
    }
}

/// What makes two lines sound the same: the recording, or the synthesis request; and the rate.
struct PromptAudioKey: Hashable, Sendable {
    enum Source: Hashable, Sendable {
        case recording(String)
        case synthesis(SynthesisRequest)
    }
    var source: Source
    var rateHz: Int

    init(_ u: Utterance, rateHz: Int) {
        source = u.audioPath.map { .recording($0) } ?? .synthesis(SynthesisRequest(text: u.text, settings: u.synthesis))
        self.rateHz = rateHz
    }
}
