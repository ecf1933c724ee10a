import Foundation

/// A minimal reader for 16-bit PCM mono WAV files, so tests of the pure stages can use real
/// recordings without depending on the AudioFiles module under test elsewhere.
public enum TestWAV {
    public struct Audio {
        public var samples: [Float]
        public var sampleRateHz: Int
    }

    public enum Failure: Error { case notPCM16Mono(String) }

    public static func read(_ url: URL) throws -> Audio {
        let data = try Data(contentsOf: url)
        func u32(_ o: Int) -> Int { Int(data[o]) | Int(data[o + 1]) << 8 | Int(data[o + 2]) << 16 | Int(data[o + 3]) << 24 }
        func u16(_ o: Int) -> Int { Int(data[o]) | Int(data[o + 1]) << 8 }
        guard data.count > 12, String(decoding: data[0..<4], as: UTF8.self) == "RIFF" else {
            throw Failure.notPCM16Mono(url.path)
        }
        var offset = 12
        var rate = 0
        while offset + 8 <= data.count {
            let id = String(decoding: data[offset..<offset + 4], as: UTF8.self)
            let size = u32(offset + 4)
            let body = offset + 8
            if id == "fmt " {
                guard u16(body) == 1, u16(body + 2) == 1, u16(body + 14) == 16 else {
                    throw Failure.notPCM16Mono(url.path)
                }
                rate = u32(body + 4)
            } else if id == "data" {
                let end = min(data.count, body + size)
                var samples = [Float]()
                samples.reserveCapacity((end - body) / 2)
                var i = body
                while i + 1 < end {
                    samples.append(Float(Int16(bitPattern: UInt16(u16(i)))) / 32768)
                    i += 2
                }
                return Audio(samples: samples, sampleRateHz: rate)
            }
            offset = body + size + (size & 1)
        }
        throw Failure.notPCM16Mono(url.path)
    }
}

extension TestWAV {
    /// Writes 16-bit PCM mono samples as a WAV file (for edge cases other tools will not make,
    /// such as a 1-sample file).
    public static func write(_ samples: [Int16], sampleRateHz: Int, to url: URL) throws {
        var d = Data()
        func u32(_ v: Int) { withUnsafeBytes(of: UInt32(v).littleEndian) { d.append(contentsOf: $0) } }
        func u16(_ v: Int) { withUnsafeBytes(of: UInt16(v).littleEndian) { d.append(contentsOf: $0) } }
        d.append(contentsOf: Array("RIFF".utf8)); u32(36 + samples.count * 2)
        d.append(contentsOf: Array("WAVEfmt ".utf8)); u32(16)
        u16(1); u16(1); u32(sampleRateHz); u32(sampleRateHz * 2); u16(2); u16(16)
        d.append(contentsOf: Array("data".utf8)); u32(samples.count * 2)
        for s in samples { withUnsafeBytes(of: s.littleEndian) { d.append(contentsOf: $0) } }
        try d.write(to: url)
    }
}
