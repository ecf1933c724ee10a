import Foundation

/// Walks the chunks of a RIFF/WAVE file for a data chunk smaller than the audio after it.
/// (A data chunk larger than the file is libsndfile's to report: `HeaderLog`.)
enum WAVChunkWalk {
    static func problem(path: String) -> String? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        guard let size = try? handle.seekToEnd(), size >= 12 else { return nil }
        func read(_ at: UInt64, _ n: Int) -> [UInt8]? {
            guard (try? handle.seek(toOffset: at)) != nil, let d = try? handle.read(upToCount: n), d.count == n else { return nil }
            return [UInt8](d)
        }
        guard let head = read(0, 12), head[0..<4] == [0x52, 0x49, 0x46, 0x46][...], head[8..<12] == [0x57, 0x41, 0x56, 0x45][...] else {
            return nil   // RF64, RIFX, W64: not walked
        }
        var at: UInt64 = 12
        var dataEnd: UInt64?
        var dataSize: UInt64 = 0
        var chunks = 0
        while at + 8 <= size, chunks < 10_000 {
            chunks += 1
            guard let h = read(at, 8) else { return nil }
            let id = h[0..<4]
            let length = UInt64(h[4]) | UInt64(h[5]) << 8 | UInt64(h[6]) << 16 | UInt64(h[7]) << 24
            let isID = id.allSatisfy { (0x20...0x7E).contains($0) }
            if dataEnd != nil, !isID || at + 8 + length > size {
                let after = size - dataEnd!
                return "the data chunk announces \(dataSize) bytes of audio, but \(after) more bytes follow it that are "
                    + "not a chunk: the header's data size is wrong. Rewrite the header (e.g. `sox --ignore-length in.wav fixed.wav`)"
            }
            guard isID else { return nil }
            if id.elementsEqual([0x64, 0x61, 0x74, 0x61]) {   // "data"
                dataSize = length
                dataEnd = at + 8 + length
            }
            at += 8 + length + (length & 1)
        }
        return nil
    }
}
