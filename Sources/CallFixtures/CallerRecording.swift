import AudioCore
import AudioFiles
import Codecs
import Foundation

/// A `play` step's recorded utterance: read, resampled to the call's rate, and given the step's
/// gain. Refuses a file it cannot read whole, one longer than an utterance, and a gain that would
/// clip it, each with the manifest, the step and the file.
enum CallerRecording {
    static func samples(_ file: String, gainDB: Float, rateHz: Int, manifest path: String, step index: Int) throws(CallScriptError) -> [Float] {
        let url = resolve(file, manifest: path)
        func bad(_ reason: String) -> CallScriptError { .invalidStep(path: path, index: index, reason: "\(url.path): \(reason)") }
        let audio: AudioFrame
        do {
            let info = try AudioFileReader.info(url: url)
            let seconds = Double(info.frames) / Double(max(1, info.sampleRateHz))
            guard seconds <= CallScriptLimits.maxRecordingSec else {
                throw bad("\(Int(seconds)) s long; a play step is one utterance of at most \(Int(CallScriptLimits.maxRecordingSec)) s")
            }
            audio = try AudioFileReader.read(url: url)
        } catch let error as CallScriptError {
            throw error
        } catch {
            throw bad("cannot read the recording: \(error)")
        }
        var samples: [Float]
        if audio.sampleRateHz == rateHz {
            samples = audio.samples
        } else {
            do { samples = try Resampler(inputRateHz: audio.sampleRateHz, outputRateHz: rateHz).resample(audio.samples) } catch {
                throw bad("cannot resample \(audio.sampleRateHz) Hz to \(rateHz) Hz: \(error)")
            }
        }
        let gain = Level.amplitude(gainDB: gainDB)
        let peak = samples.reduce(Float(0)) { max($0, abs($1)) }
        guard peak * gain < 1 else {
            let headroom = -20 * log10(max(peak, 1e-9))
            throw bad(String(format: "gainDB %+.1f would clip it (peak %.1f dBFS at the call's rate); at most %+.1f dB", gainDB, -headroom, headroom))
        }
        for i in samples.indices { samples[i] *= gain }
        return samples
    }

    /// A relative path is taken from the manifest's folder (from the working directory for a
    /// script that is not a file).
    static func resolve(_ file: String, manifest path: String) -> URL {
        if file.hasPrefix("/") { return URL(fileURLWithPath: file) }
        let base = path.hasPrefix("<") ? URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
            : URL(fileURLWithPath: path).deletingLastPathComponent()
        return base.appendingPathComponent(file).standardizedFileURL
    }
}
