import Analysis
import AudioCore
import AudioFiles
import Emotion
import Foundation

/// False alarms on calm read speech the model never saw: real recordings shipped in Debian
/// packages (codec2-examples, pocketsphinx-testdata), sent through the telephone line (8 kHz,
/// 300–3400 Hz, µ-law) and listened to as calls (one file = one call, default turn-taking).
/// A turn called irritated or anxious is a false alarm.
public enum CalmSpeechCheck {
    public struct Clip: Sendable {
        public var path: String
        /// The reader's sex, from the clip's median F0 as our tracker measures it (men 82–113 Hz,
        /// women 172–181 Hz here).
        public var sex: String
    }

    /// Calm read speech. Excluded: `all.wav` (a concatenation of the other clips),
    /// `wia_16kHz.wav` (1 s) and `ve9qrp.wav` (HF radio with heavy noise and fading).
    public static let clips: [Clip] = {
        let codec2 = "/usr/share/codec2/wav/"
        let ps = "/usr/share/pocketsphinx/test/data/"
        let c2: [(String, String)] = [
            ("big_dog", "male"), ("cross", "male"), ("david4", "male"), ("f2400", "female"), ("forig", "female"),
            ("hts1a", "male"), ("hts2a", "female"), ("m2400", "male"), ("mmt1", "male"), ("morig", "male"),
            ("vk2tpm_004", "male"), ("vk5qi", "male"),
        ]
        let librivox = ["0870", "0880", "0890", "0920", "0930"].map {
            ("librivox/sense_and_sensibility_01_austen_64kb-\($0)", "male")
        }
        let cards = ["001", "002", "003", "004", "005"].map { ("cards/\($0)", "male") }
        return c2.map { Clip(path: codec2 + $0.0 + ".wav", sex: $0.1) }
            + (librivox + cards).map { Clip(path: ps + $0.0 + ".wav", sex: $0.1) }
    }()

    public struct TurnResult: Sendable {
        public var clip: String
        public var sex: String
        public var label: EmotionLabel
        public var f0MedianHz: Float?
        public var relative: Bool
    }

    /// Every turn of every clip that exists on this machine.
    /// A selection of `clips` by path.
    public struct Subset: Sendable {
        public var clips: [Clip]
        public init(paths: [String]) { clips = CalmSpeechCheck.clips.filter { paths.contains($0.path) } }
    }

    public static func turns(model: EmotionModel, condition: ChannelCondition = .telephone,
                             clips: [Clip] = CalmSpeechCheck.clips) throws -> [TurnResult] {
        var config = ListenerConfig()
        config.emotionModel = model
        config.emotionEstimator = .trained
        var out: [TurnResult] = []
        for clip in clips where FileManager.default.fileExists(atPath: clip.path) {
            let audio = try AudioFileReader.read(url: URL(fileURLWithPath: clip.path), channel: .mix)
            let samples = try condition.apply(audio.samples, rateHz: audio.sampleRateHz)
            for t in try EmotionTraining.turns(samples, rate: condition.pipelineRate, config: config) {
                out.append(TurnResult(clip: URL(fileURLWithPath: clip.path).lastPathComponent, sex: clip.sex,
                                      label: t.emotion.label, f0MedianHz: t.prosody.f0MedianHz,
                                      relative: t.index > config.baselineMinimumTurns))
            }
        }
        return out
    }

    public static func report(model: EmotionModel, log: (String) -> Void) throws -> String {
        log("listening to calm read speech")
        let results = try turns(model: model)
        var s = "## False alarms on calm read speech (codec2-examples, pocketsphinx-testdata; telephone copies, µ-law)\n"
        guard !results.isEmpty else { return s + "  (no clips found: install codec2-examples and pocketsphinx-testdata)\n\n" }
        for sex in ["male", "female", "all"] {
            let r = results.filter { sex == "all" || $0.sex == sex }
            let alarms = r.filter { $0.label == .irritated || $0.label == .anxious }.count
            let counts = EmotionLabel.allCases.map { l in "\(l.rawValue) \(r.filter { $0.label == l }.count)" }
            s += String(format: "  %-6@ %3d turns from %2d clips: irritated/anxious %5.1f %% (%d)   [%@]\n",
                        sex as NSString, r.count, Set(r.map(\.clip)).count,
                        100 * Double(alarms) / Double(max(1, r.count)), alarms, counts.joined(separator: ", ") as NSString)
        }
        return s + "\n"
    }
}

