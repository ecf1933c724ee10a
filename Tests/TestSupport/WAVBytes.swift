import Foundation

/// Builds WAV files byte by byte, for inputs no tool will write: NaN and infinite float samples,
/// data-chunk sizes that disagree with the data, odd rates and channel counts.
public enum WAVBytes {
    public enum Encoding: Sendable, CaseIterable {
        case pcm16, float32, ulaw, alaw

        var formatTag: Int { switch self { case .pcm16: 1; case .float32: 3; case .alaw: 6; case .ulaw: 7 } }
        public var bytesPerSample: Int { switch self { case .pcm16: 2; case .float32: 4; case .ulaw, .alaw: 1 } }
    }

    /// A WAV file holding `payload` as its audio bytes. `dataSize` overrides the data chunk's
    /// size field (nil: the payload's length).
    public static func make(_ encoding: Encoding, rateHz: Int, channels: Int = 1, payload: [UInt8],
                            dataSize: Int? = nil) -> Data {
        var d = Data()
        func u32(_ v: Int) { withUnsafeBytes(of: UInt32(truncatingIfNeeded: v).littleEndian) { d.append(contentsOf: $0) } }
        func u16(_ v: Int) { withUnsafeBytes(of: UInt16(truncatingIfNeeded: v).littleEndian) { d.append(contentsOf: $0) } }
        let fmtSize = encoding == .pcm16 ? 16 : 18
        let factSize = encoding == .pcm16 ? 0 : 12
        d.append(contentsOf: Array("RIFF".utf8)); u32(4 + 8 + fmtSize + factSize + 8 + payload.count)
        d.append(contentsOf: Array("WAVEfmt ".utf8)); u32(fmtSize)
        let block = encoding.bytesPerSample * channels
        u16(encoding.formatTag); u16(channels); u32(rateHz); u32(rateHz * block); u16(block); u16(encoding.bytesPerSample * 8)
        if fmtSize == 18 { u16(0) }
        if factSize > 0 {
            d.append(contentsOf: Array("fact".utf8)); u32(4); u32(payload.count / max(1, block))
        }
        d.append(contentsOf: Array("data".utf8)); u32(dataSize ?? payload.count)
        d.append(contentsOf: payload)
        if payload.count % 2 == 1 { d.append(0) }
        return d
    }

    /// Float samples as little-endian IEEE 754 bytes (any bit pattern: NaN, ±inf, denormals).
    public static func floatPayload(_ samples: [Float]) -> [UInt8] {
        samples.flatMap { s in withUnsafeBytes(of: s.bitPattern.littleEndian) { Array($0) } }
    }

    public static func pcm16Payload(_ samples: [Int16]) -> [UInt8] {
        samples.flatMap { s in withUnsafeBytes(of: s.littleEndian) { Array($0) } }
    }

    /// A tone as float samples (amplitude 0.5).
    public static func tone(hz: Double, rateHz: Int, count: Int) -> [Float] {
        (0..<count).map { Float(0.5 * sin(2 * Double.pi * hz * Double($0) / Double(rateHz))) }
    }
}
