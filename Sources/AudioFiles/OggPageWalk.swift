import Foundation

/// Walks an Ogg file page by page (RFC 3533), reading 64 KiB at a time.
enum OggPageWalk {
    static func problem(path: String) -> String? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        var buffer: [UInt8] = []
        var bufferStart = 0          // file offset of buffer[0]
        var offset = 0               // file offset of the next page
        var atEnd = false
        var serials: [UInt32: UInt32] = [:]   // serial → next expected sequence number
        var ended: Set<UInt32> = []
        func need(_ bytes: Int) -> Bool {
            while bufferStart + buffer.count < offset + bytes && !atEnd {
                let chunk = (try? handle.read(upToCount: 1 << 16)) ?? nil
                guard let chunk, !chunk.isEmpty else { atEnd = true; break }
                // Keep only what is at or after the current page.
                let drop = offset - bufferStart
                if drop > 0 { buffer.removeFirst(min(drop, buffer.count)); bufferStart += drop }
                buffer.append(contentsOf: chunk)
            }
            return bufferStart + buffer.count >= offset + bytes
        }
        while true {
            // A page cut off at the end of the file is the truncation check's to report.
            guard need(27) else { return nil }
            let p = offset - bufferStart
            guard buffer[p] == 0x4F, buffer[p + 1] == 0x67, buffer[p + 2] == 0x67, buffer[p + 3] == 0x53 else {
                return "bytes at offset \(offset) are not an Ogg page (no 'OggS' capture pattern): the file is corrupted there"
            }
            guard buffer[p + 4] == 0 else { return "the Ogg page at offset \(offset) has stream structure version \(buffer[p + 4]), not 0" }
            let flags = buffer[p + 5]
            let serial = le32(buffer, p + 14), sequence = le32(buffer, p + 18), crc = le32(buffer, p + 22)
            let segments = Int(buffer[p + 26])
            guard need(27 + segments) else { return nil }
            let q = offset - bufferStart
            var body = 0
            for i in 0..<segments { body += Int(buffer[q + 27 + i]) }
            let size = 27 + segments + body
            guard need(size) else { return nil }
            let r = offset - bufferStart
            if crc != checksum(buffer, r, size) {
                return "the Ogg page at offset \(offset) (page \(sequence) of its stream) fails its checksum: its bytes were changed"
            }
            let isFirst = flags & 0x02 != 0
            if isFirst {
                if !serials.isEmpty {
                    let kind = ended.count == serials.count ? "chained" : "multiplexed"
                    return "a \(kind) Ogg file: a second stream starts at offset \(offset), and only the first "
                        + "would be read; split it into one file per stream (e.g. `ffmpeg -i in.ogg -map 0:a:0 -c copy first.ogg`)"
                }
                serials[serial] = sequence &+ 1
            } else {
                guard let expected = serials[serial] else {
                    return "the Ogg page at offset \(offset) belongs to a stream that never began (serial \(serial)): "
                        + "its first page is missing or damaged"
                }
                guard sequence == expected else {
                    return "Ogg pages are missing before offset \(offset): page \(sequence) follows page \(expected &- 1) of the stream"
                }
                serials[serial] = sequence &+ 1
            }
            if flags & 0x04 != 0 { ended.insert(serial) }
            offset += size
        }
    }

    private static func le32(_ b: [UInt8], _ i: Int) -> UInt32 {
        UInt32(b[i]) | UInt32(b[i + 1]) << 8 | UInt32(b[i + 2]) << 16 | UInt32(b[i + 3]) << 24
    }

    /// Ogg's CRC-32 (polynomial 0x04C11DB7, no reflection, initial 0) over the page with its
    /// checksum field counted as zero.
    private static func checksum(_ b: [UInt8], _ start: Int, _ count: Int) -> UInt32 {
        var crc: UInt32 = 0
        b.withUnsafeBufferPointer { p in
            for i in 0..<count {
                let byte: UInt8 = (22...25).contains(i) ? 0 : p[start + i]
                crc = (crc << 8) ^ table[Int(UInt8(crc >> 24) ^ byte)]
            }
        }
        return crc
    }

    private static let table: [UInt32] = (0..<256).map { n in
        var r = UInt32(n) << 24
        for _ in 0..<8 { r = r & 0x8000_0000 != 0 ? (r << 1) ^ 0x04C1_1DB7 : r << 1 }
        return r
    }
}
