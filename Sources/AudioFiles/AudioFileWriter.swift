import AudioCore
import Foundation
internal import CSndFile

/// Writes audio files with libsndfile.
public enum AudioFileWriter {
    /// Writes a 16-bit PCM WAV file: one channel per array (all the same length), interleaved in
    /// the given order (for two-channel call recordings: caller first, engine second).
    ///
    /// Samples are full scale 1.0 and converted with `SampleConversion.toInt16` (×32768,
    /// saturating), so reading the file back returns the same values to 16-bit precision.
    /// A failed write removes the partial file.
    public static func writeWAV(url: URL, channels: [[Float]], sampleRateHz: Int) throws(AudioFileError) {
        let path = url.path
        guard !channels.isEmpty else {
            throw .invalidAudioToWrite(path: path, reason: "no channels given; pass at least one array of samples")
        }
        let frames = channels[0].count
        guard channels.allSatisfy({ $0.count == frames }) else {
            let counts = channels.map { String($0.count) }.joined(separator: ", ")
            throw .invalidAudioToWrite(path: path, reason: "channels differ in length (\(counts) samples); "
                                       + "pad or trim them to the same length")
        }
        guard channels.count <= 64 else {
            throw .invalidAudioToWrite(path: path, reason: "\(channels.count) channels; at most 64 can be written")
        }
        guard AudioFileError.supportedSampleRatesHz.contains(sampleRateHz) else {
            throw .unsupportedSampleRate(path: path, rateHz: sampleRateHz)
        }
        var info = SF_INFO()
        info.samplerate = Int32(sampleRateHz)
        info.channels = Int32(channels.count)
        info.format = Int32(SF_FORMAT_WAV | SF_FORMAT_PCM_16)
        let file = try SndFile.openForWriting(url, info: info)
        try write(channels, frames: frames, to: file)
        if let reason = file.close() {
            try? FileManager.default.removeItem(atPath: path)
            throw .notWritable(path: path, reason: "finishing the file failed: \(reason)")
        }
    }

    private static func write(_ channels: [[Float]], frames: Int, to file: SndFile) throws(AudioFileError) {
        let count = channels.count
        let blockFrames = 4096
        var block = [Int16](repeating: 0, count: blockFrames * count)
        var done = 0
        while done < frames {
            let n = min(blockFrames, frames - done)
            for f in 0..<n {
                for c in 0..<count { block[f * count + c] = SampleConversion.toInt16(channels[c][done + f]) }
            }
            let written = block.withUnsafeBufferPointer { sf_writef_short(file.handle, $0.baseAddress, sf_count_t(n)) }
            guard written == n else {
                let reason = file.errorText
                _ = file.close()
                try? FileManager.default.removeItem(atPath: file.path)
                throw .notWritable(path: file.path, reason: "write failed after \(done) frames: \(reason)")
            }
            done += n
        }
    }
}
