import AudioCore
import Codecs
import Foundation
internal import CSndFile

/// Reads one channel (or the mix) of an audio file a block at a time, as Float at a chosen rate:
/// what a replay or an analysis of a long recording needs without holding it in memory.
///
/// Opening checks everything that can be known before reading (rate, channels, a header that
/// promises more than the file holds, Ogg page damage or chained streams, a WAV data chunk whose
/// size disagrees with the file); reading checks the rest (a decoder failing part-way, fewer
/// frames than announced) and throws at the place it is found. Non-finite samples are replaced
/// and counted (`sanitizer`), never passed on.
///
/// ```swift
/// let reader = try AudioStreamReader(url: url, channel: .automatic, outputRateHz: 8000)
/// var hop = [Float](repeating: 0, count: 80)
/// while true {
///     let n = try reader.read(into: &hop)      // fills hop.count samples unless the file ends
///     if n == 0 { break }
///     …
/// }
/// reader.sanitizer.nonFiniteSamples             // how many samples were NaN/±Inf
/// ```
///
/// Threading: one owner; not safe to use from two threads at once.
public final class AudioStreamReader {
    /// The file as its header describes it (frames counted by decoding for an Ogg stream whose
    /// length is not stated).
    public let info: AudioFileInfo
    /// The path as given.
    public let path: String
    /// The rate `read` delivers.
    public let outputRateHz: Int
    /// What was replaced so far.
    public private(set) var sanitizer = SampleSanitizer()
    /// Frames of the file (source rate) decoded so far.
    public private(set) var sourceFramesRead = 0

    private let file: SndFile
    private let pick: Int?
    private let channels: Int
    private let resampler: Resampler?
    private var block: [Float]
    private var mono: [Float]
    private var pending: [Float] = []
    private var pendingStart = 0
    private var sourceEnded = false
    private var flushed = false

    /// Frames decoded per libsndfile call.
    static let blockFrames = 4096

    /// Opens `url`; `outputRateHz` nil keeps the file's rate.
    public convenience init(url: URL, channel selection: ChannelSelection = .automatic, outputRateHz: Int? = nil) throws(AudioFileError) {
        try self.init(url: url, channel: selection, outputRateFor: { outputRateHz ?? $0 })
    }

    /// Opens `url` and delivers it at the rate `outputRateFor` picks from the file's own rate
    /// (e.g. `{ PipelineRate.defaultFor(sourceRateHz: $0).hz }`), so the file is opened once.
    public init(url: URL, channel selection: ChannelSelection = .automatic,
                outputRateFor: (_ sourceRateHz: Int) -> Int) throws(AudioFileError) {
        let file = try SndFile.openForReading(url)
        var info = AudioFileReader.makeInfo(file)
        let path = file.path
        let rate = info.sampleRateHz
        guard AudioFileError.supportedSampleRatesHz.contains(rate) else {
            throw .unsupportedSampleRate(path: path, rateHz: rate)
        }
        guard (1...AudioFileReader.maxChannels).contains(info.channels) else {
            throw .damaged(path: path, reason: "the header says \(info.channels) channels; at most \(AudioFileReader.maxChannels) are read")
        }
        if case let .headerAnnounces(frames)? = info.truncation {
            throw .truncated(path: path, truncation: .headerAnnounces(frames: frames),
                             availableFrames: info.frames, sampleRateHz: rate)
        }
        if let reason = ContainerCheck.problem(path: path, format: info.format) {
            throw .damaged(path: path, reason: reason)
        }
        if file.lengthUnknown {
            info.frames = AudioFileReader.countFrames(url: url)
        }
        if let truncation = info.truncation {
            throw .truncated(path: path, truncation: truncation, availableFrames: info.frames, sampleRateHz: rate)
        }
        guard info.frames > 0 else { throw .noAudio(path: path) }
        pick = try AudioFileReader.resolve(selection, channels: info.channels, path: path)
        let out = outputRateFor(rate)
        if out != rate {
            do {
                resampler = try Resampler(inputRateHz: rate, outputRateHz: out)
            } catch {
                throw .unsupportedSampleRate(path: path, rateHz: out)
            }
        } else {
            resampler = nil
        }
        self.file = file
        self.info = info
        self.path = path
        self.outputRateHz = out
        channels = info.channels
        block = [Float](repeating: 0, count: Self.blockFrames * info.channels)
        mono = []
        mono.reserveCapacity(Self.blockFrames)
    }

    /// Output samples the whole file gives (`round(frames · out / in)`).
    public var expectedOutputCount: Int {
        info.sampleRateHz == outputRateHz ? info.frames
            : Int((Double(info.frames) * Double(outputRateHz) / Double(info.sampleRateHz)).rounded())
    }

    /// Fills `buffer` from its start; returns how many samples were written — `buffer.count`
    /// except at the end of the file (then fewer, and 0 once everything was delivered).
    /// Throws when the file turns out damaged or shorter than announced.
    public func read(into buffer: inout [Float]) throws(AudioFileError) -> Int {
        var written = 0
        while written < buffer.count {
            if pendingStart == pending.count {
                pending.removeAll(keepingCapacity: true)
                pendingStart = 0
                guard try refill() else { break }
                continue
            }
            let take = min(buffer.count - written, pending.count - pendingStart)
            for i in 0..<take { buffer[written + i] = pending[pendingStart + i] }
            pendingStart += take
            written += take
        }
        return written
    }

    /// Up to `count` samples; fewer at the end, empty once everything was delivered.
    public func read(count: Int) throws(AudioFileError) -> [Float] {
        var out = [Float](repeating: 0, count: max(0, count))
        let n = try read(into: &out)
        out.removeLast(out.count - n)
        return out
    }

    /// Decodes the next block into `pending`; false at the end of everything.
    private func refill() throws(AudioFileError) -> Bool {
        if sourceEnded {
            guard !flushed else { return false }
            flushed = true
            resampler?.flush(into: &pending)
            return !pending.isEmpty
        }
        let got = Int(block.withUnsafeMutableBufferPointer {
            sf_readf_float(file.handle, $0.baseAddress, sf_count_t(Self.blockFrames))
        })
        if got <= 0 {
            try finishSource()
            return try refill()
        }
        mono.removeAll(keepingCapacity: true)
        block.withUnsafeBufferPointer { b in
            if let pick {
                for f in 0..<got { mono.append(b[f * channels + pick]) }
            } else {
                // Mixed after cleaning each channel's sample, so one bad channel cannot poison the mix.
                let scale = 1 / Float(channels)
                for f in 0..<got {
                    var sum: Float = 0
                    for c in 0..<channels {
                        let x = b[f * channels + c]
                        sum += x.isNaN ? 0 : max(-1, min(1, x))
                    }
                    mono.append(sum * scale)
                }
            }
        }
        if pick == nil {
            // Count what the mix hid, then clean the (already finite) mix for range.
            var counting = sanitizer
            block.withUnsafeMutableBufferPointer { counting.clean(UnsafeMutableBufferPointer(rebasing: $0[0..<(got * channels)])) }
            sanitizer = counting
        } else {
            mono.withUnsafeMutableBufferPointer { sanitizer.clean($0) }
        }
        sourceFramesRead += got
        if let resampler {
            mono.withUnsafeBufferPointer { resampler.process($0, into: &pending) }
        } else {
            pending.append(contentsOf: mono)
        }
        return true
    }

    /// The source ended: was it all there?
    private func finishSource() throws(AudioFileError) {
        sourceEnded = true
        let rate = info.sampleRateHz
        if file.hasError {
            throw .readFailed(path: path, atFrame: sourceFramesRead, announcedFrames: max(info.frames, sourceFramesRead),
                              sampleRateHz: rate, reason: file.errorText)
        }
        if sourceFramesRead < info.frames {
            // The container announced more than the codec could decode (e.g. a cut FLAC).
            throw .truncated(path: path, truncation: .headerAnnounces(frames: info.frames),
                             availableFrames: sourceFramesRead, sampleRateHz: rate)
        }
        if sourceFramesRead == 0 { throw .noAudio(path: path) }
    }
}
