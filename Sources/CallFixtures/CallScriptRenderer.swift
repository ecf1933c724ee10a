import AudioCore
import BrandConfig
import Codecs
import Dialogue
import Foundation
import Session
import Synthesis
import TurnTaking
import Yams

/// Renders a `CallScript` to caller audio. Deterministic: the same script gives the same samples
/// when rendered in a fresh process in the same order (espeak-ng's history; see
/// `EspeakSynthesizer`), and the noise comes from a fixed-seed generator.
public enum CallScriptRenderer {
    public static func load(path: String) throws -> CallScript {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw CallScriptError.unreadable(path: path, reason: "no such file; give the path of a call manifest (.yaml)")
        }
        guard !isDirectory.boolValue else {
            throw CallScriptError.unreadable(path: path, reason: "it is a folder; give the path of a call manifest (.yaml) inside it")
        }
        if let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue, size > 1 << 20 {
            throw CallScriptError.unreadable(path: path, reason: "the file is \(size) bytes; a call manifest is a few kilobytes")
        }
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw CallScriptError.unreadable(path: path, reason: error.localizedDescription)
        }
        return try loadFromString(text, path: path)
    }

    public static func loadFromString(_ text: String, path: String = "<script>") throws -> CallScript {
        // The brand files' limits: deep nesting would overflow the parser's stack.
        guard text.utf8.count <= YAMLLimits.maxFileBytes else {
            throw CallScriptError.unreadable(path: path, reason: "the text is \(text.utf8.count) bytes; a call manifest is a few kilobytes")
        }
        if let v = YAMLLimits.scan(text) {
            throw CallScriptError.unreadable(path: path, reason: "line \(v.line), column \(v.column): \(v.message); \(v.fix)")
        }
        do { return try YAMLDecoder().decode(CallScript.self, from: text) } catch {
            throw CallScriptError.unreadable(path: path, reason: "\(error)")
        }
    }

    /// The caller's audio at the script's rate, and where each step starts (seconds).
    public static func render(_ script: CallScript, path: String = "<script>") throws -> (samples: [Float], stepStartsSec: [Double]) {
        try CallScriptLimits.check(script, path: path)
        var out: [Float] = []
        var starts: [Double] = []
        let rate = script.effectiveRateHz
        for (index, step) in script.script.enumerated() {
            starts.append(Double(out.count) / Double(rate))
            let kinds = [step.silence != nil, step.say != nil, step.dtmf != nil, step.play != nil].filter { $0 }.count
            guard kinds == 1 else {
                throw CallScriptError.invalidStep(path: path, index: index,
                                                  reason: "give exactly one of silence, say, play, dtmf")
            }
            if let sec = step.silence {
                guard sec >= 0 else { throw CallScriptError.invalidStep(path: path, index: index, reason: "negative silence") }
                out += [Float](repeating: 0, count: Int((sec * Double(rate)).rounded()))
            } else if let text = step.say {
                guard let caller = script.caller else {
                    throw CallScriptError.invalidStep(path: path, index: index,
                                                      reason: "a say step needs the script's caller voice (caller: {voice: en-us, …})")
                }
                var voice = caller.settings
                voice.rateWPM = step.rateWPM ?? voice.rateWPM
                voice.pitch = step.pitch ?? voice.pitch
                voice.pitchRange = step.pitchRange ?? voice.pitchRange
                voice.volume = step.volume ?? voice.volume
                let request = SynthesisRequest(text: text, settings: voice)
                do {
                    out += try PromptAudioCache.shared.audio(for: request, outputRateHz: rate)
                } catch {
                    throw CallScriptError.invalidStep(path: path, index: index, reason: "\(error)")
                }
            } else if let file = step.play {
                out += try CallerRecording.samples(file, gainDB: step.gainDB ?? 0, rateHz: rate, manifest: path, step: index)
            } else if let digits = step.dtmf {
                let level = step.levelDBm0 ?? -10
                do {
                    let tones = try DTMFGenerator.samples(for: digits, config: .level(level, toneMs: 100, pauseMs: 100))
                    out += rate == DTMFGenerator.sampleRateHz ? tones
                        : try Resampler(inputRateHz: DTMFGenerator.sampleRateHz, outputRateHz: rate).resample(tones)
                } catch {
                    throw CallScriptError.invalidStep(path: path, index: index, reason: "\(error)")
                }
            }
        }
        if let noise = script.noiseDBFS { addNoise(&out, rmsDBFS: noise) }
        return (out, starts)
    }

    /// Uniform white noise at the given RMS, from a fixed seed.
    private static func addNoise(_ x: inout [Float], rmsDBFS: Float) {
        // Uniform in [-a, a] has RMS a/√3.
        let amplitude = Level.amplitude(gainDB: rmsDBFS) * Float(3).squareRoot()
        var state: UInt64 = 0x2545_F491_4F6C_DD1D
        for i in x.indices {
            state ^= state << 13; state ^= state >> 7; state ^= state << 17
            x[i] += amplitude * (Float(state >> 40) / Float(1 << 24) * 2 - 1)
        }
    }
}
