import AudioFiles
import Codecs
import Dialogue
import Foundation
import Synchronization
import Synthesis

/// Where a line's audio comes from: its pre-recorded file when the prompt set has one, else
/// espeak-ng with the utterance's synthesis settings. Both are cached per process at call rates.
public final class PromptAudioSource: Sendable {
    /// Relative recording paths are resolved against this folder (the prompt set's folder).
    public let baseDirectory: URL
    private let synthesis: PromptAudioCache
    private let recordings = Mutex<[String: [Float]]>([:])

    public init(baseDirectory: URL, synthesis: PromptAudioCache = .shared) {
        self.baseDirectory = baseDirectory
        self.synthesis = synthesis
    }

    public func audio(for u: Utterance, rateHz: Int) throws -> [Float] {
        if let path = u.audioPath { return try recording(path, rateHz: rateHz) }
        return try synthesis.audio(for: SynthesisRequest(text: u.text, settings: u.synthesis), outputRateHz: rateHz)
    }

    private func recording(_ path: String, rateHz: Int) throws -> [Float] {
        let key = "\(rateHz) \(path)"
        if let hit = recordings.withLock({ $0[key] }) { return hit }
        let url = path.hasPrefix("/") ? URL(fileURLWithPath: path) : baseDirectory.appendingPathComponent(path)
        let file = try AudioFileReader.read(url: url, channel: .mix)
        let audio = file.sampleRateHz == rateHz ? file.samples
            : try Resampler(inputRateHz: file.sampleRateHz, outputRateHz: rateHz).resample(file.samples)
        recordings.withLock { $0[key] = audio }
        return audio
    }
}

extension SynthesisRequest {
    /// `text` spoken with a brand's (or a scripted caller's) synthesis settings.
    public init(text: String, settings s: SynthesisSettings) {
        self.init(text: text, voice: s.voice, variant: s.variant, rateWPM: s.rateWPM, pitch: s.pitch,
                  pitchRange: s.pitchRange, volume: s.volume)
    }
}
