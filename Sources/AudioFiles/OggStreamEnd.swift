import Foundation

/// Whether an Ogg file ends with a complete end-of-stream page (RFC 3533 §6: header type bit
/// 0x04). libsndfile reads a cut Ogg stream without complaint, so this is how a recording that
/// stopped mid-way is told apart from a complete one.
enum OggStreamEnd {
    /// The largest Ogg page: 27-byte header, 255 lacing values, 255 × 255 bytes of body.
    static let maxPageBytes = 27 + 255 + 255 * 255

    static func isClosed(path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        guard let size = try? handle.seekToEnd() else { return false }
        let start = size > UInt64(maxPageBytes) ? size - UInt64(maxPageBytes) : 0
        guard (try? handle.seek(toOffset: start)) != nil, let data = try? handle.readToEnd() else { return false }
        let tail = [UInt8](data)
        // The last page is the capture pattern whose page ends exactly at the end of the file;
        // scanning backwards skips "OggS" bytes that happen to sit inside packet data.
        var i = tail.count - 27
        while i >= 0 {
            if tail[i] == 0x4F, tail[i + 1] == 0x67, tail[i + 2] == 0x67, tail[i + 3] == 0x53,
               i + 27 <= tail.count {
                let segments = Int(tail[i + 26])
                if i + 27 + segments <= tail.count {
                    let body = tail[(i + 27)..<(i + 27 + segments)].reduce(0) { $0 + Int($1) }
                    if i + 27 + segments + body == tail.count { return tail[i + 5] & 0x04 != 0 }
                }
            }
            i -= 1
        }
        return false
    }
}
