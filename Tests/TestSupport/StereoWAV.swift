import Foundation

/// Reads a 16-bit PCM stereo WAV (what `ivr replay --out` writes).
public enum StereoWAV {
    public static func read(_ url: URL) throws -> (left: [Float], right: [Float], sampleRateHz: Int) {
        let data = try Data(contentsOf: url)
        func u32(_ o: Int) -> Int { Int(data[o]) | Int(data[o + 1]) << 8 | Int(data[o + 2]) << 16 | Int(data[o + 3]) << 24 }
        func s16(_ o: Int) -> Float { Float(Int16(bitPattern: UInt16(data[o]) | UInt16(data[o + 1]) << 8)) / 32768 }
        var offset = 12, rate = 0
        while offset + 8 <= data.count {
            let id = String(decoding: data[offset..<offset + 4], as: UTF8.self)
            let size = u32(offset + 4), body = offset + 8
            if id == "fmt " {
                guard Int(data[body + 2]) == 2 else { throw TestWAV.Failure.notPCM16Mono("\(url.path): not stereo") }
                rate = u32(body + 4)
            } else if id == "data" {
                var left: [Float] = [], right: [Float] = []
                var i = body
                while i + 3 < min(data.count, body + size) {
                    left.append(s16(i)); right.append(s16(i + 2)); i += 4
                }
                return (left, right, rate)
            }
            offset = body + size + (size & 1)
        }
        throw TestWAV.Failure.notPCM16Mono(url.path)
    }
}
