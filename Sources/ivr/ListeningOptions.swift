import Analysis
import ArgumentParser
import Emotion
import Foundation

/// Flags that tune the listening pipeline, shared by the commands that listen to a caller.
struct ListeningOptions: ParsableArguments {
    @Flag(help: "Turn off the webrtc high-pass filter.")
    var noHighPass = false
    @Flag(help: "Turn off webrtc noise suppression.")
    var noNoiseSuppression = false
    @Flag(help: "Turn on webrtc automatic gain control (off by default: it flattens the loudness cues).")
    var agc = false
    @Flag(help: "Turn off the webrtc VAD (speech is then decided by energy above the noise floor).")
    var noVad = false
    @Flag(help: "Turn off in-band DTMF detection.")
    var noDtmf = false
    @Option(help: "Emotion estimator: trained (the shipped model, default; README \"Emotion model\") or rules (fixed explainable rules).")
    var emotion: EmotionEstimatorKind = .trained
    @Option(help: "An emotion model file written by `ivr emotion train` (implies --emotion trained).", completion: .file())
    var emotionModel: String?
    @Option(help: "Speech needed to start a caller turn, ms.")
    var turnStartMs: Int = 200
    @Option(help: "Silence needed to end a caller turn, ms.")
    var turnEndMs: Int = 700

    /// A model file is tens of kilobytes; this bounds what is read into memory.
    static let maxModelBytes = 16 << 20

    func validate() throws {
        guard (10...5000).contains(turnStartMs) else {
            throw ValidationError("--turn-start-ms must be 10…5000 ms (got \(turnStartMs))")
        }
        guard (10...10000).contains(turnEndMs) else {
            throw ValidationError("--turn-end-ms must be 10…10000 ms (got \(turnEndMs))")
        }
    }

    func config() throws -> ListenerConfig {
        var c = ListenerConfig()
        c.frontEnd.highPassEnabled = !noHighPass
        c.frontEnd.noiseSuppression.enabled = !noNoiseSuppression
        c.frontEnd.gainControl.enabled = agc
        c.frontEnd.voiceDetection.enabled = !noVad
        c.dtmfEnabled = !noDtmf
        c.turns.startSpeechMs = turnStartMs
        c.turns.endSilenceMs = turnEndMs
        c.emotionEstimator = emotion
        if let emotionModel {
            // Only a regular file of model size is read (/dev/zero or a FIFO would never end).
            let attributes = try? FileManager.default.attributesOfItem(atPath: emotionModel)
            if let type = attributes?[.type] as? FileAttributeType, type != .typeRegular {
                throw CLIError("\(emotionModel): not a regular file (\(type.rawValue)); give a model file written by `ivr emotion train`")
            }
            if let size = (attributes?[.size] as? NSNumber)?.intValue, size > Self.maxModelBytes {
                throw CLIError("\(emotionModel): \(size) bytes; an emotion model file is at most \(Self.maxModelBytes) bytes (the shipped one is about 40 KB)")
            }
            guard let data = FileManager.default.contents(atPath: emotionModel) else {
                throw CLIError("\(emotionModel): cannot read the emotion model file")
            }
            do {
                c.emotionModel = try EmotionModel.decode(data)
            } catch {
                throw CLIError("\(emotionModel): \(error)")
            }
            c.emotionEstimator = .trained
        }
        return c
    }
}

extension EmotionEstimatorKind: ExpressibleByArgument {}
