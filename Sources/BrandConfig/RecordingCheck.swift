import AudioFiles
import Foundation

/// Lint's check of a pre-recorded prompt: it must decode whole, at a rate the engine plays, with
/// finite samples and a length a prompt can have — not only exist. (`/dev/zero`, a folder,
/// 4 kHz, 384 kHz, a cut file, random bytes and NaN samples all used to pass.)
enum RecordingCheck {
    /// A prompt recording's length bounds: at least one 10 ms frame; at most 2 minutes (a
    /// prompt is a sentence or two; the whole recording is held in memory while a call runs).
    static let minSeconds = 0.01
    static let maxSeconds = 120.0

    static func check(_ path: String, shownAs audio: String, at location: SourceLocation, log: DiagnosticLog) {
        let decoded: AudioFileReader.Decoded
        do {
            // Bounded before decoding: the header tells the length.
            let info = try AudioFileReader.info(url: URL(fileURLWithPath: path))
            if info.durationSec > maxSeconds {
                log.error(location, "audio file '\(audio)' is \(String(format: "%.1f", info.durationSec)) s long; a prompt recording may be at most \(Int(maxSeconds)) s",
                          fix: "cut it to the prompt, or split it into several lines")
                return
            }
            decoded = try AudioFileReader.load(url: URL(fileURLWithPath: path), channel: .mix)
        } catch {
            log.error(location, "audio file '\(audio)' cannot be played: \(error.description)",
                      fix: "export it again as WAV (8–48 kHz, 16-bit), or remove 'audio:' to synthesize the text")
            return
        }
        let seconds = decoded.audio.durationSec
        if seconds < minSeconds {
            log.error(location, "audio file '\(audio)' is \(String(format: "%.4f", seconds)) s long: shorter than one 10 ms frame",
                      fix: "record the whole prompt")
        }
        if decoded.sanitizer.nonFiniteSamples > 0 {
            log.error(location, "audio file '\(audio)' holds \(decoded.sanitizer.nonFiniteSamples) NaN or infinite samples: it is corrupted",
                      fix: "export it again from the original recording")
        } else if decoded.sanitizer.clippedSamples > 0 {
            log.warning(location, "audio file '\(audio)' has \(decoded.sanitizer.clippedSamples) samples beyond full scale; they are clipped when played",
                        fix: "lower its level and export it again")
        }
    }
}
