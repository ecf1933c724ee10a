import Foundation
import Testing
import Codecs
import TestSupport

@Suite struct G711CodecTests {
    @Test("every code decodes and re-encodes to itself (µ-law −0 aside)", arguments: G711Codec.Law.allCases)
    func allCodesRoundTrip(law: G711Codec.Law) {
        let codec = G711Codec(law: law)
        let codes = (0...255).map(UInt8.init)
        let reencoded = codec.encode(codec.decode(codes))
        for code in codes {
            if law == .ulaw && code == 0x7F {
                // µ-law has two zeros (+0 = 0xFF, −0 = 0x7F); a linear 0 encodes as +0.
                #expect(reencoded[Int(code)] == 0xFF)
            } else {
                #expect(reencoded[Int(code)] == code, "code \(code)")
            }
        }
    }

    @Test func knownValues() {
        let ulaw = G711Codec(law: .ulaw)
        #expect(ulaw.encode(linear: 1000) == 206)
        #expect(ulaw.linearValue(of: 206) == 988)
        #expect(ulaw.encode(linear: 0) == 0xFF)
        #expect(ulaw.linearValue(of: 0x80) == 32124)   // largest µ-law magnitude
        #expect(ulaw.linearValue(of: 0x00) == -32124)
        let alaw = G711Codec(law: .alaw)
        #expect(alaw.encode(linear: 0) == 0xD5)         // G.711 A-law: +0 → 0xD5 (even bits inverted)
        #expect(alaw.linearValue(of: 0xD5) == 8)
        #expect(alaw.linearValue(of: 0x55) == -8)
        #expect(alaw.linearValue(of: 0xAA) == 32256)   // largest A-law magnitude
        #expect(alaw.encode(linear: 1000) == 0xFA)
        #expect(alaw.linearValue(of: 0xFA) == 1008)
    }

    @Test("Float scale matches Int16/32768 and saturates beyond full scale")
    func floatScale() {
        let ulaw = G711Codec(law: .ulaw)
        #expect(ulaw.encode(sample: 1000 / 32768) == 206)
        #expect(ulaw.decode(byte: 206) == Float(988) / 32768)
        #expect(ulaw.encode(sample: 1.7) == ulaw.encode(linear: .max))
        #expect(ulaw.encode(sample: -1.7) == ulaw.encode(linear: .min))
    }

    /// ffmpeg's pcm_mulaw / pcm_alaw are an independent implementation. Decoding must agree on
    /// every code. Encoding agrees except on inputs at a G.711 decision value, where the two
    /// candidate codes are the adjacent levels around the input: G.711's tables put a decision
    /// value in the interval above it (spandsp does), ffmpeg's table rounds to the nearer level.
    @Test("decoding equals ffmpeg on all 256 codes; encoding differs only at decision values",
          arguments: G711Codec.Law.allCases)
    func matchesFFmpeg(law: G711Codec.Law) throws {
        let dir = try Paths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let name = law == .ulaw ? "mulaw" : "alaw"
        let codec = G711Codec(law: law)

        let codes = dir.appendingPathComponent("codes.\(name)")
        try Data((0...255).map(UInt8.init)).write(to: codes)
        let decoded = dir.appendingPathComponent("codes.s16")
        try ExternalTool.ffmpeg(["-f", name, "-ar", "8000", "-ac", "1", "-i", codes.path, "-f", "s16le", decoded.path])
        let theirLinear = try ExternalTool.readS16LE(decoded)
        #expect(theirLinear == (0...255).map { codec.linearValue(of: UInt8($0)) })

        let inputs = (Int(Int16.min)...Int(Int16.max)).map { Int16($0) }
        let pcm = dir.appendingPathComponent("all.s16")
        try ExternalTool.writeS16LE(inputs, to: pcm)
        let encoded = dir.appendingPathComponent("all.\(name)")
        try ExternalTool.ffmpeg(["-f", "s16le", "-ar", "8000", "-ac", "1", "-i", pcm.path,
                                 "-c:a", "pcm_\(name)", "-f", name, encoded.path])
        let theirs = [UInt8](try Data(contentsOf: encoded))
        try #require(theirs.count == inputs.count)
        let levels = Set((0...255).map { Int(codec.linearValue(of: UInt8($0))) }).sorted()
        var mismatches = 0
        var unexplained: [(input: Int16, ours: Int16, ffmpeg: Int16)] = []
        for (i, x) in inputs.enumerated() {
            let ours = codec.encode(linear: x)
            guard ours != theirs[i] else { continue }
            mismatches += 1
            let a = Int(codec.linearValue(of: ours)), b = Int(codec.linearValue(of: theirs[i]))
            let adjacent = abs(levels.firstIndex(of: a)! - levels.firstIndex(of: b)!) == 1
            // Beyond the outermost level both saturate; otherwise the input lies between the two.
            let between = (min(a, b)...max(a, b)).contains(Int(x)) || abs(Int(x)) > levels.last!
            if !(adjacent && between) { unexplained.append((x, Int16(a), Int16(b))) }
        }
        #expect(unexplained.isEmpty, "\(unexplained.count) differences not at a decision value, e.g. \(unexplained.prefix(3))")
        #expect(Double(mismatches) / Double(inputs.count) < 0.02, "\(mismatches) of 65536 inputs differ")
    }

    /// G.711 Table 1a/2a: a decision value belongs to the interval above it.
    @Test func decisionValuesGoToTheIntervalAbove() {
        let ulaw = G711Codec(law: .ulaw)
        // µ-law, 14-bit units: decision value 31 opens the interval 31…35 reconstructed as 33.
        #expect(ulaw.linearValue(of: ulaw.encode(linear: 31 * 4)) == 33 * 4)
        #expect(ulaw.linearValue(of: ulaw.encode(linear: 31 * 4 - 1)) == 30 * 4)
        let alaw = G711Codec(law: .alaw)
        // A-law, 13-bit units: decision value 32 opens the interval 32…34 reconstructed as 33.
        #expect(alaw.linearValue(of: alaw.encode(linear: 32 * 16)) == 33 * 16)
        #expect(alaw.linearValue(of: alaw.encode(linear: 32 * 16 - 1)) == 31 * 16 + 8)
    }

    /// G.711's log companding keeps SNR near 38 dB over the speech range of levels.
    @Test("SNR of a speech-level sine is 35–39 dB", arguments: G711Codec.Law.allCases)
    func speechLevelSNR(law: G711Codec.Law) {
        let codec = G711Codec(law: law)
        for levelDB in [-6.0, -16.0, -26.0] {
            let amplitude = Float(pow(10, levelDB / 20))
            let tone = Signals.sine(frequencyHz: 1020, sampleRateHz: 8000, durationSec: 1, amplitude: amplitude)
            let snr = SignalMeasure.snrDB(reference: tone, test: codec.decode(codec.encode(tone)))
            #expect((35...39).contains(snr), "\(law) at \(levelDB) dBFS peak: SNR \(snr) dB")
        }
    }

    @Test("the buffer API writes in place and matches the array API")
    func bufferAPI() {
        let codec = G711Codec(law: .alaw)
        let speechLike = Signals.harmonicTone(f0Hz: 140, sampleRateHz: 8000, durationSec: 0.02)
        var bytes = [UInt8](repeating: 0, count: speechLike.count)
        var back = [Float](repeating: 0, count: speechLike.count)
        speechLike.withUnsafeBufferPointer { s in bytes.withUnsafeMutableBufferPointer { codec.encode(s, into: $0) } }
        bytes.withUnsafeBufferPointer { b in back.withUnsafeMutableBufferPointer { codec.decode(b, into: $0) } }
        #expect(bytes == codec.encode(speechLike))
        #expect(back == codec.decode(bytes))
    }
}
