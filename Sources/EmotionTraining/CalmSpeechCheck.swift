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

    /// Calm read speech. codec2-examples and pocketsphinx-testdata (English; excluded: `all.wav`,
    /// a concatenation of the other clips, `wia_16kHz.wav`, 1 s, and `ve9qrp.wav`, HF radio with
    /// heavy noise and fading); professional IVR prompts of five women (Asterisk sound packages:
    /// en-US, fr-CA, ru, es-CO, it; GSM 06.10 as shipped) and calm lines of several men and one
    /// woman from the Czech dub of Fish Fillets NG (fillets-ng-data-cs). Four clips per IVR voice
    /// and the game lines were picked as calm statements: pitch SD ≤ 3.5 st (Praat), no
    /// exclamations, ≥ 1.5 s of continuous speech.
    public static let clips: [Clip] = {
        let codec2 = "/usr/share/codec2/wav/"
        let ps = "/usr/share/pocketsphinx/test/data/"
        let c2: [(String, String)] = [
            ("big_dog", "male"), ("cross", "male"), ("david4", "male"), ("f2400", "female"), ("forig", "female"),
            ("hts1a", "male"), ("hts2a", "female"), ("m2400", "male"), ("mmt1", "male"), ("morig", "male"),
            ("vk2tpm_004", "male"), ("vk5qi", "male"),
        ]
        let librivox = ["0870", "0880", "0890", "0920", "0930"].map {
            Clip(path: ps + "librivox/sense_and_sensibility_01_austen_64kb-\($0).wav", speaker: "librivox", sex: "male")
        }
        let cards = ["001", "002", "003", "004", "005"].map { Clip(path: ps + "cards/\($0).wav", speaker: "cards", sex: "male") }
        let asterisk = "/usr/share/asterisk/sounds/", fillets = "/usr/share/games/fillets-ng/sound/"
        let more: [(String, String, String)] = [
            ("ivr-en-allison", "female", asterisk + "en_US_f_Allison/tt-somethingwrong.gsm"),
            ("ivr-en-allison", "female", asterisk + "en_US_f_Allison/pm-invalid-option.gsm"),
            ("ivr-en-allison", "female", asterisk + "en_US_f_Allison/conf-kicked.gsm"),
            ("ivr-en-allison", "female", asterisk + "en_US_f_Allison/conf-now-unmuted.gsm"),
            ("ivr-fr-june", "female", asterisk + "fr_CA_f_June/vm-undelete.gsm"),
            ("ivr-fr-june", "female", asterisk + "fr_CA_f_June/auth-incorrect.gsm"),
            ("ivr-fr-june", "female", asterisk + "fr_CA_f_June/confbridge-unlocked.gsm"),
            ("ivr-fr-june", "female", asterisk + "fr_CA_f_June/confbridge-pin-bad.gsm"),
            ("ivr-ru", "female", asterisk + "ru_RU_f_IvrvoiceRU/vm-toenternumber.gsm"),
            ("ivr-ru", "female", asterisk + "ru_RU_f_IvrvoiceRU/speed-dial-empty.gsm"),
            ("ivr-ru", "female", asterisk + "ru_RU_f_IvrvoiceRU/vm-toreply.gsm"),
            ("ivr-ru", "female", asterisk + "ru_RU_f_IvrvoiceRU/enter-num-blacklist.gsm"),
            ("ivr-es-july", "female", asterisk + "es/queue-thereare.gsm"),
            ("ivr-es-july", "female", asterisk + "es/conf-enteringno.gsm"),
            ("ivr-es-july", "female", asterisk + "es/conf-leaderhasleft.gsm"),
            ("ivr-es-july", "female", asterisk + "es/agent-user.gsm"),
            ("ivr-it-paola", "female", asterisk + "it_IT_f_Menardi/confbridge-lock-in.gsm"),
            ("ivr-it-paola", "female", asterisk + "it_IT_f_Menardi/agent-alreadyon.gsm"),
            ("ivr-it-paola", "female", asterisk + "it_IT_f_Menardi/priv-callpending.gsm"),
            ("ivr-it-paola", "female", asterisk + "it_IT_f_Menardi/priv-introsaved.gsm"),
            ("fillets-small-fish", "female", fillets + "reactor/cs/rea-m-doufam.ogg"),
            ("fillets-small-fish", "female", fillets + "experiments/cs/bank-m-zkumavka.ogg"),
            ("fillets-small-fish", "female", fillets + "wreck/cs/pot-m-moc.ogg"),
            ("fillets-big-fish", "male", fillets + "creatures/cs/kor-v-treba.ogg"),
            ("fillets-big-fish", "male", fillets + "creatures/cs/kor-v-spitu.ogg"),
            ("fillets-big-fish", "male", fillets + "elevator1/cs/zd1-v-krecek.ogg"),
            ("fillets-big-fish", "male", fillets + "kitchen/cs/kuch-v-varil.ogg"),
            ("fillets-big-fish", "male", fillets + "cave/cs/jes-v-netopyr0.ogg"),
            ("fillets-big-fish", "male", fillets + "bathroom/cs/br-v-nerozvadet1.ogg"),
            ("fillets-big-fish", "male", fillets + "captain/cs/vl-v-kaj1.ogg"),
            ("fillets-big-fish", "male", fillets + "keys/cs/rand-6-0.ogg"),
            ("fillets-big-fish", "male", fillets + "corridor/cs/ch-v-neboj0.ogg"),
            ("fillets-big-fish", "male", fillets + "keys/cs/rand-0-5-5.ogg"),
            ("fillets-statue", "male", fillets + "city/cs/vit-hs-vitejteC.ogg"),
            ("fillets-statue", "male", fillets + "city/cs/vit-hs-vitejteA.ogg"),
            ("fillets-statue", "male", fillets + "city/cs/vit-hs-klid3.ogg"),
            ("fillets-viking-1", "male", fillets + "viking2/cs/dr-1-pockej.ogg"),
            ("fillets-viking-1", "male", fillets + "viking2/cs/dr-1-aztambudem.ogg"),
            ("fillets-viking-3", "male", fillets + "viking2/cs/dr-3-mladi.ogg"),
            ("fillets-viking-3", "male", fillets + "viking2/cs/dr-3-radeji.ogg"),
            ("fillets-linuxer-1", "male", fillets + "linux/cs/1-dohnat.ogg")
        ]
        return c2.map { Clip(path: codec2 + $0.0 + ".wav", speaker: "codec2-" + $0.0, sex: $0.1) } + librivox + cards
            + more.map { Clip(path: $0.2, speaker: $0.0, sex: $0.1) }
    }()

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
                             condition: ChannelCondition = .telephone, clips: [Clip] = CalmSpeechCheck.clips) throws -> [TurnResult] {
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

    public static func report(model: EmotionModel, log: (String) -> Void) throws -> String {
        log("listening to calm read speech")
        return report(try turns(model: model))
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
