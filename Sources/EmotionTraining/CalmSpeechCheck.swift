import Analysis
import AudioCore
import AudioFiles
import Emotion
import Foundation
import Prosody

/// False alarms on calm read speech the model never saw: real recordings shipped in Debian
/// packages, sent through the telephone line (8 kHz, 300–3400 Hz, µ-law) and listened to as
/// calls: each speaker's clips, in order, make one call with `gapSec` of silence between them,
/// so the first turn is judged against population priors and the later ones against the
/// caller's own baseline (different words in every turn). A turn called irritated or anxious is
/// a false alarm.
public enum CalmSpeechCheck {
    public struct Clip: Sendable {
        public var path: String
        /// Who reads: clips of one speaker form one call.
        public var speaker: String
        /// The reader's sex, from the clip's median F0 as our tracker measures it.
        public var sex: String
    }

    /// Silence between a speaker's clips: longer than the turn detector's end-of-turn silence.
    public static let gapSec = 1.5

    // The clips are data: `scripts/emotion-calm-speech/check-clips.txt` (`CalmClipList`), which
    // says where each comes from and how it was picked.

    public struct TurnResult: Sendable {
        public var speaker: String
        public var sex: String
        public var label: CallerEmotion
        public var f0MedianHz: Float?
        /// Judged against the caller's own baseline (false: population priors).
        public var relative: Bool
        public var reasons: [String]
        public var features: TurnFeatures?
    }

    /// Every turn of every call made from the clips that exist on this machine.
    public static func turns(model: EmotionModel, estimator: EmotionEstimatorKind = .trained,
                             condition: ChannelCondition = .telephone, clips: [Clip]) throws -> [TurnResult] {
        var config = ListenerConfig()
        config.emotionModel = model
        config.emotionEstimator = estimator
        config.collectVoiceFeatures = true
        let present = clips.filter { FileManager.default.fileExists(atPath: $0.path) }
        var speakers: [String] = []
        for c in present where !speakers.contains(c.speaker) { speakers.append(c.speaker) }
        var out: [TurnResult] = []
        for speaker in speakers {
            let own = present.filter { $0.speaker == speaker }
            let gap = [Float](repeating: 0, count: Int(gapSec * Double(condition.pipelineRate.hz)))
            var call: [Float] = []
            for clip in own {
                let audio = try AudioFileReader.read(url: URL(fileURLWithPath: clip.path), channel: .mix)
                call += try condition.apply(audio.samples, rateHz: audio.sampleRateHz) + gap
            }
            for t in try EmotionTraining.turns(call, rate: condition.pipelineRate, config: config) {
                out.append(TurnResult(speaker: speaker, sex: own[0].sex, label: t.emotion.label, f0MedianHz: t.prosody.f0MedianHz,
                                      relative: t.index > config.baselineMinimumTurns, reasons: t.emotion.reasons,
                                      features: t.features))
            }
        }
        return out
    }

    public static func isAlarm(_ label: CallerEmotion) -> Bool { label == .irritated || label == .anxious }

    public static func report(model: EmotionModel, clips: [Clip], log: (String) -> Void) throws -> String {
        log("listening to calm read speech")
        return report(try turns(model: model, clips: clips))
    }

    public static func report(_ results: [TurnResult]) -> String {
        var s = "## False alarms on calm read speech (each speaker's clips as one call; telephone copies, µ-law)\n"
        guard !results.isEmpty else { return s + "  (no clips found: run scripts/setup.sh)\n\n" }
        for sex in ["male", "female", "all"] {
            let r = results.filter { sex == "all" || $0.sex == sex }
            let alarms = r.filter { isAlarm($0.label) }.count
            let first = r.filter { !$0.relative }, later = r.filter(\.relative)
            let counts = CallerEmotion.allCases.map { l in "\(l.rawValue) \(r.filter { $0.label == l }.count)" }
            s += String(format: "  %-6@ %3d turns, %2d callers: irritated/anxious %5.1f %% (%d; first turns %d of %d, later turns %d of %d)   [%@]\n",
                        sex as NSString, r.count, Set(r.map(\.speaker)).count,
                        100 * Double(alarms) / Double(max(1, r.count)), alarms,
                        first.filter { isAlarm($0.label) }.count, first.count, later.filter { isAlarm($0.label) }.count, later.count,
                        counts.joined(separator: ", ") as NSString)
        }
        return s + "\n"
    }
}
