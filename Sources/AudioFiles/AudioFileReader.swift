import AudioCore
import Foundation
internal import CSndFile

/// Reads audio files with libsndfile: WAV (PCM 8/16/24/32, float, µ-law, A-law), FLAC,
/// Ogg/Opus, AIFF and anything else libsndfile reads.
///
/// A file is either read whole and intact or refused with an `AudioFileError` that says why:
/// the reader never returns part of a truncated file as if it were the recording.
public enum AudioFileReader {
    /// Channels the reader accepts (call recordings have 1–2; a damaged header can claim thousands).
    public static let maxChannels = 64

    /// What the file holds, from its header. Throws only when the file cannot be opened as
    /// audio; a file shorter than its header promises reports it in `truncation`.
    public static func info(url: URL) throws(AudioFileError) -> AudioFileInfo {
        let file = try SndFile.openForReading(url)
        var info = makeInfo(file)
        if file.lengthUnknown {
            // libsndfile could not find the stream's length (an Ogg stream cut before its last
            // page): count the frames that are there.
            info.frames = countFrames(url: url)
        }
        return info
    }

    /// A whole recording and what had to be cleaned in it.
    public struct Decoded: Sendable, Equatable {
        public var audio: AudioFrame
        /// NaN/±infinity replaced, out-of-range samples clipped (see `SampleSanitizer`).
        public var sanitizer: SampleSanitizer
    }

    /// Reads one channel (or the mix) as mono Float at the file's own sample rate.
    ///
    /// Integer formats are scaled to full scale 1.0 (Int16 / 32768, as `SampleConversion`);
    /// float files are returned as stored, except that non-finite samples are replaced and
    /// samples beyond full scale clipped (`SampleSanitizer`). A file that is cut off or damaged
    /// is refused (`.truncated`, `.readFailed`, `.damaged`) rather than returned in part: the
    /// caller would otherwise analyse a call that ends early without knowing it.
    public static func read(url: URL, channel selection: ChannelSelection = .automatic) throws(AudioFileError) -> AudioFrame {
        try load(url: url, channel: selection).audio
    }

    /// `read`, with the count of cleaned samples.
    public static func load(url: URL, channel selection: ChannelSelection = .automatic) throws(AudioFileError) -> Decoded {
        let reader = try AudioStreamReader(url: url, channel: selection)
        var samples: [Float] = []
        // The header's count is only a hint for the reservation (a damaged header can claim
        // anything); the array still grows if the file holds more.
        samples.reserveCapacity(min(reader.info.frames, 1 << 24))
        var block = [Float](repeating: 0, count: AudioStreamReader.blockFrames)
        while true {
            let n = try reader.read(into: &block)
            if n == 0 { break }
            samples.append(contentsOf: block[0..<n])
        }
        return Decoded(audio: AudioFrame(samples: samples, sampleRateHz: reader.info.sampleRateHz, startSample: 0),
                       sanitizer: reader.sanitizer)
    }

    /// A channel index (0-based) or nil for the mix.
    static func resolve(_ selection: ChannelSelection, channels: Int, path: String) throws(AudioFileError) -> Int? {
        switch selection {
        case .automatic:
            guard channels <= 2 else { throw .ambiguousChannels(path: path, channels: channels) }
            return 0
        case let .channel(n):
            guard (1...max(1, channels)).contains(n) else {
                throw .channelOutOfRange(path: path, requested: n, channels: channels)
            }
            return n - 1
        case .mix:
            return channels == 1 ? 0 : nil
        }
    }

    /// Frames a stream decodes to, counted without keeping them (for Ogg streams of unstated length).
    static func countFrames(url: URL) -> Int {
        guard let file = try? SndFile.openForReading(url) else { return 0 }
        let channels = max(1, Int(file.info.channels))
        guard channels <= maxChannels else { return 0 }
        var block = [Float](repeating: 0, count: AudioStreamReader.blockFrames * channels)
        var total = 0
        while true {
            let got = Int(block.withUnsafeMutableBufferPointer {
                sf_readf_float(file.handle, $0.baseAddress, sf_count_t(AudioStreamReader.blockFrames))
            })
            if got <= 0 { break }
            total += got
        }
        return total
    }

    static func makeInfo(_ file: SndFile) -> AudioFileInfo {
        let i = file.info
        let subtype = SndFileFormatNames.subtype(i.format)
        let format = SndFileFormatNames.format(i.format)
        let frames = file.lengthUnknown ? 0 : Int(clamping: i.frames)
        var truncation: AudioFileInfo.Truncation?
        if let announced = HeaderLog.announcedFrames(log: file.log, frames: frames, subtype: subtype,
                                                      channels: Int(i.channels)) {
            truncation = .headerAnnounces(frames: announced)
        } else if format == "OGG", !OggStreamEnd.isClosed(path: file.path) {
            truncation = .streamNotClosed
        }
        return AudioFileInfo(sampleRateHz: Int(i.samplerate), channels: Int(i.channels), frames: frames,
                             format: format, subtype: subtype, truncation: truncation)
    }
}

/// Reads libsndfile's header log for a data chunk longer than the file.
///
/// libsndfile trims a data chunk that runs past the end of the file to what the file holds and
/// logs the correction, e.g. `data : <announced bytes> (should be <available bytes>)`;
/// `SF_INFO.frames` then counts only the available frames, so the log is the one place the
/// truncation shows. Covered: WAV/RF64 (`data`), AIFF (`SSND`, whose size includes 8 bytes of
/// offset and block size) and AU (`Data Size`).
enum HeaderLog {
    /// Log labels of data chunks, with the bytes of the chunk that are not audio.
    static let dataChunkLabels: [(label: String, overheadBytes: Int64)] = [("data", 0), ("SSND", 8), ("Data Size", 0)]

    static func announcedFrames(log: String, frames: Int, subtype: String, channels: Int) -> Int? {
        for line in log.split(separator: "\n") {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard let chunk = dataChunkLabels.first(where: { trimmed.hasPrefix($0.label + " ") }),
                  let (announcedBytes, availableBytes) = parseShouldBe(trimmed),
                  announcedBytes > availableBytes else { continue }
            let announced = announcedBytes - chunk.overheadBytes
            if let bytes = bytesPerFrame(subtype: subtype, channels: channels) {
                return Int(announced / Int64(bytes))
            }
            // A compressed encoding: scale by the frames the available bytes hold.
            let available = availableBytes - chunk.overheadBytes
            guard available > 0, frames > 0 else { return frames + 1 }
            return Int(Double(frames) * Double(announced) / Double(available))
        }
        return nil
    }

    /// "data : 32000 (should be 16000)" → (32000, 16000).
    static func parseShouldBe(_ line: String) -> (Int64, Int64)? {
        guard let colon = line.firstIndex(of: ":"), let open = line.range(of: "(should be ") else { return nil }
        let first = line[line.index(after: colon)..<open.lowerBound].trimmingCharacters(in: .whitespaces)
        let second = line[open.upperBound...].prefix { $0.isNumber }
        guard let a = Int64(first), let b = Int64(second) else { return nil }
        return (a, b)
    }

    static func bytesPerFrame(subtype: String, channels: Int) -> Int? {
        let bytes: Int
        switch subtype {
        case "PCM_S8", "PCM_U8", "ULAW", "ALAW": bytes = 1
        case "PCM_16": bytes = 2
        case "PCM_24": bytes = 3
        case "PCM_32", "FLOAT": bytes = 4
        case "DOUBLE": bytes = 8
        default: return nil
        }
        return bytes * channels
    }
}
