import Foundation

/// Everything that can go wrong reading or writing an audio file. Each message says what was
/// wrong, which file, and what would be right.
public enum AudioFileError: Error, Sendable, Equatable, CustomStringConvertible {
    case fileNotFound(path: String)
    /// The path exists but cannot be read as a file (a directory, or no read permission).
    case notReadable(path: String, reason: String)
    /// The file has 0 bytes.
    case emptyFile(path: String)
    /// libsndfile does not recognise the contents; `reason` is its own (`sf_strerror`).
    case notAudioFile(path: String, reason: String)
    /// libsndfile recognises the format but cannot read the file: its header or structure is
    /// broken; `reason` is libsndfile's.
    case damaged(path: String, reason: String)
    /// The file holds less than its header promises (cut off while copying or recording).
    case truncated(path: String, truncation: AudioFileInfo.Truncation, availableFrames: Int, sampleRateHz: Int)
    /// A valid header with no audio frames.
    case noAudio(path: String)
    case unsupportedSampleRate(path: String, rateHz: Int)
    /// `.channel(n)` with `n` outside 1…channels.
    case channelOutOfRange(path: String, requested: Int, channels: Int)
    /// `.automatic` on a file with more than two channels: which one is the caller is unknown.
    case ambiguousChannels(path: String, channels: Int)
    /// The decoder failed part-way through the audio (the file is cut or damaged there).
    case readFailed(path: String, atFrame: Int, announcedFrames: Int, sampleRateHz: Int, reason: String)
    case notWritable(path: String, reason: String)
    /// `writeWAV` was called with audio that cannot be written as asked.
    case invalidAudioToWrite(path: String, reason: String)

    /// The sample rates the engine accepts: the telephone band (8 kHz) up to 192 kHz studio rates.
    public static let supportedSampleRatesHz = 8000...192_000

    public var path: String {
        switch self {
        case let .fileNotFound(path), let .notReadable(path, _), let .emptyFile(path),
             let .notAudioFile(path, _), let .damaged(path, _), let .truncated(path, _, _, _), let .noAudio(path),
             let .unsupportedSampleRate(path, _), let .channelOutOfRange(path, _, _),
             let .ambiguousChannels(path, _), let .readFailed(path, _, _, _, _), let .notWritable(path, _),
             let .invalidAudioToWrite(path, _):
            return path
        }
    }

    public var description: String {
        let range = Self.supportedSampleRatesHz
        switch self {
        case let .fileNotFound(path):
            return "\(path): no such file; check the path (relative paths start at the current directory)"
        case let .notReadable(path, reason):
            return "\(path): cannot be read: \(reason)"
        case let .emptyFile(path):
            return "\(path): the file is empty (0 bytes), not an audio file; it was probably "
                + "never written or cut off: use the complete recording"
        case let .notAudioFile(path, reason):
            return "\(path): not an audio file libsndfile can read (\(reason)); expected WAV, "
                + "FLAC, Ogg/Opus, AIFF or another format libsndfile reads"
        case let .damaged(path, reason):
            return "\(path): a damaged audio file: \(reason); it was cut off or corrupted: "
                + "use an intact copy or export it again"
        case let .truncated(path, .headerAnnounces(announced), available, rate):
            return "\(path): truncated: the header announces \(Self.seconds(announced, rate)) "
                + "(\(announced) frames) but the file holds only \(Self.seconds(available, rate)) "
                + "(\(available) frames); it was probably cut off while copying or recording. "
                + "Use the complete file, or rewrite the header to keep what is there "
                + "(e.g. `sox --ignore-length in.wav fixed.wav`)"
        case let .truncated(path, .streamNotClosed, available, rate):
            return "\(path): truncated: the stream stops after \(Self.seconds(available, rate)) "
                + "(\(available) frames) without its end-of-stream page; it was cut off while "
                + "copying or recording (or the recorder was killed). Use the complete file"
        case let .noAudio(path):
            return "\(path): the file holds no audio (0 frames); use a recording with audio in it"
        case let .unsupportedSampleRate(path, rate):
            let why = rate < range.lowerBound
                ? "below the telephone band: a call needs at least \(range.lowerBound) Hz"
                : "above what the engine reads: resample it first (e.g. `sox in.wav -r 48000 out.wav`)"
            return "\(path): sample rate \(rate) Hz is outside the supported "
                + "\(range.lowerBound)…\(range.upperBound) Hz (\(why))"
        case let .channelOutOfRange(path, requested, channels):
            let which = channels == 1 ? "channel 1" : "channels 1…\(channels)"
            return "\(path): channel \(requested) does not exist; the file has \(channels) "
                + "channel\(channels == 1 ? "" : "s"): pick one of \(which)"
        case let .ambiguousChannels(path, channels):
            return "\(path): the file has \(channels) channels and it is not known which one is "
                + "the caller: pick the caller's channel with --channel N (1…\(channels)), or mix them"
        case let .readFailed(path, frame, announced, rate, reason):
            return "\(path): reading stopped at \(Self.seconds(frame, rate)) (frame \(frame)) of the "
                + "\(Self.seconds(announced, rate)) the header announces: \(reason); the file is cut "
                + "off or damaged there: use a complete, intact copy"
        case let .notWritable(path, reason):
            return "\(path): cannot write: \(reason)"
        case let .invalidAudioToWrite(path, reason):
            return "\(path): nothing written: \(reason)"
        }
    }

    private static func seconds(_ frames: Int, _ rate: Int) -> String {
        guard rate > 0 else { return "\(frames) frames" }
        return String(format: "%.3f s", Double(frames) / Double(rate))
    }
}
