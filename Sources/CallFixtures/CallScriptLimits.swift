import Dialogue

/// Bounds on what a call script may ask for, checked before anything is allocated: a script is
/// a test call of a few minutes, and `silence: 1e9` used to abort on a 32 TB allocation.
enum CallScriptLimits {
    static let rateHz = 8000...48_000
    /// One pause, and the whole call.
    static let maxSilenceSec = 600.0
    static let maxCallSec = 3600.0
    static let maxDigitsPerStep = 64
    static let maxSayCharacters = 500
    static let levelDBm0 = -50...0
    static let noiseDBFS: ClosedRange<Float> = -120...0
    /// A recorded utterance: its path, gain, and length (one utterance, not a call).
    static let maxPathBytes = 1024
    static let gainDB: ClosedRange<Float> = -60...60
    static let maxRecordingSec = 60.0
    /// Spoken seconds per character at the slowest rate, generously (for the call-length bound).
    static let secondsPerCharacter = 0.2

    static func check(_ script: CallScript, path: String) throws(CallScriptError) {
        func bad(_ index: Int, _ reason: String) -> CallScriptError { .invalidStep(path: path, index: index, reason: reason) }
        if let rate = script.rateHz, !rateHz.contains(rate) {
            throw .unreadable(path: path, reason: "rateHz \(rate) is outside \(rateHz.lowerBound)…\(rateHz.upperBound)")
        }
        if let noise = script.noiseDBFS, !(noise.isFinite && noiseDBFS.contains(noise)) {
            throw .unreadable(path: path, reason: "noiseDBFS \(noise) is outside \(Int(noiseDBFS.lowerBound))…\(Int(noiseDBFS.upperBound)) dBFS")
        }
        if let caller = script.caller { try checkVoice(caller, path: path, what: "caller") }
        var totalSec = 0.0
        for (index, step) in script.script.enumerated() {
            if let sec = step.silence {
                guard sec.isFinite, sec >= 0, sec <= maxSilenceSec else {
                    throw bad(index, "silence \(sec) s is outside 0…\(Int(maxSilenceSec)) s")
                }
                totalSec += sec
            }
            if let text = step.say {
                guard text.count <= maxSayCharacters else {
                    throw bad(index, "say is \(text.count) characters long; at most \(maxSayCharacters) per step (split it into several steps)")
                }
                totalSec += Double(text.count) * secondsPerCharacter
            }
            if let digits = step.dtmf {
                guard !digits.isEmpty, digits.count <= maxDigitsPerStep, digits.allSatisfy(DTMFInput.keys.contains) else {
                    throw bad(index, "dtmf '\(digits.prefix(20))' must be 1…\(maxDigitsPerStep) keys of 0–9, *, #, A–D")
                }
                totalSec += Double(digits.count) * 0.2
            }
            if let file = step.play, file.isEmpty || file.utf8.count > maxPathBytes {
                throw bad(index, "play needs the path of an audio file (1…\(maxPathBytes) bytes, relative to the manifest's folder)")
            }
            if let gain = step.gainDB, !(gain.isFinite && gainDB.contains(gain)) {
                throw bad(index, "gainDB \(gain) is outside \(Int(gainDB.lowerBound))…\(Int(gainDB.upperBound)) dB")
            }
            if let level = step.levelDBm0, !levelDBm0.contains(level) {
                throw bad(index, "levelDBm0 \(level) is outside \(levelDBm0.lowerBound)…\(levelDBm0.upperBound)")
            }
            for (name, value, range) in [("rateWPM", step.rateWPM, SynthesisLimits.rateWPM), ("pitch", step.pitch, SynthesisLimits.pitch),
                                         ("pitchRange", step.pitchRange, SynthesisLimits.pitchRange), ("volume", step.volume, SynthesisLimits.volume)] {
                if let value, !range.contains(value) {
                    throw bad(index, "\(name) \(value) is outside \(range.lowerBound)…\(range.upperBound)")
                }
            }
        }
        guard totalSec <= maxCallSec else {
            throw .unreadable(path: path, reason: "the script would make a call of about \(Int(totalSec)) s; at most \(Int(maxCallSec)) s")
        }
    }

    private static func checkVoice(_ v: CallScript.CallerVoice, path: String, what: String) throws(CallScriptError) {
        for (name, value, range) in [("rateWPM", v.rateWPM, SynthesisLimits.rateWPM), ("pitch", v.pitch, SynthesisLimits.pitch),
                                     ("pitchRange", v.pitchRange, SynthesisLimits.pitchRange), ("volume", v.volume, SynthesisLimits.volume)] {
            if let value, !range.contains(value) {
                throw .unreadable(path: path, reason: "\(what).\(name) \(value) is outside \(range.lowerBound)…\(range.upperBound)")
            }
        }
    }
}
