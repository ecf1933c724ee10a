import AudioCore
import Media
import Testing
import TestSupport

@Suite struct ComfortNoiseTests {
    static func level(_ x: [Float]) -> Float { Level.rmsDBFS(x) }

    @Test("under concealment: noise at the level of the quietest recent 10 ms, not the speech's")
    func fillsAtTheFloor() {
        var comfort = ComfortNoise(blockSamples: 80)
        var generator = SplitMix64(seed: 7)
        // 1 s of line noise at -60 dBFS, then 0.5 s of a loud tone (speech).
        let noise = (0..<8000).map { _ in Float.random(in: -1...1, using: &generator) * 0.001 * Float(3).squareRoot() }
        let tone = Signals.sine(frequencyHz: 300, sampleRateHz: 8000, durationSec: 0.5, amplitude: 0.3)
        noise.withUnsafeBufferPointer { comfort.heard($0) }
        tone.withUnsafeBufferPointer { comfort.heard($0) }
        var gap = [Float](repeating: 0, count: 1600)  // what a concealment left: silence
        gap.withUnsafeMutableBufferPointer { comfort.fill($0) }
        #expect(abs(Self.level(gap) - (-60)) < 2, "\(Self.level(gap)) dBFS")  // the quietest block, then 0.5 s of rise (1.5 dB)
    }

    @Test("a stream that never paused (a tone) gets at most -45 dBFS of noise")
    func capped() {
        var comfort = ComfortNoise(blockSamples: 80)
        let tone = Signals.sine(frequencyHz: 440, sampleRateHz: 8000, durationSec: 1, amplitude: 0.3)
        tone.withUnsafeBufferPointer { comfort.heard($0) }
        var gap = [Float](repeating: 0, count: 800)
        gap.withUnsafeMutableBufferPointer { comfort.fill($0) }
        #expect(abs(Self.level(gap) - (-45)) < 0.5, "\(Self.level(gap)) dBFS")
    }

    @Test("nothing heard yet: nothing added; the same audio gives the same noise")
    func silentBeforeAnythingAndDeterministic() {
        var first = ComfortNoise(blockSamples: 80)
        var gap = [Float](repeating: 0, count: 160)
        gap.withUnsafeMutableBufferPointer { first.fill($0) }
        #expect(gap.allSatisfy { $0 == 0 })
        let quiet = [Float](repeating: 0.01, count: 800)
        var a = [Float](repeating: 0, count: 160), b = a
        var second = ComfortNoise(blockSamples: 80)
        quiet.withUnsafeBufferPointer { first.heard($0); second.heard($0) }
        a.withUnsafeMutableBufferPointer { first.fill($0) }
        b.withUnsafeMutableBufferPointer { second.fill($0) }
        #expect(a == b && a.contains { $0 != 0 })
        first.reset()
        var c = [Float](repeating: 0, count: 160)
        c.withUnsafeMutableBufferPointer { first.fill($0) }
        #expect(c.allSatisfy { $0 == 0 })
    }

    @Test("a decoder's concealment of a lost PCMU packet carries the line's noise after the PLC fades")
    func decoderConcealsOverTheNoise() throws {
        let decoder = try MediaDecoder(codec: .pcmu, pipelineRate: .narrowband)
        let encoder = try MediaEncoder(codec: .pcmu, pipelineRate: .narrowband)
        var generator = SplitMix64(seed: 11)
        let noise = (0..<1600).map { _ in Float.random(in: -1...1, using: &generator) * 0.003 }  // ≈ -55 dBFS
        var payload = [UInt8](repeating: 0, count: encoder.maxPayloadBytes)
        var out = [Float](repeating: 0, count: decoder.maxOutputSamples)
        for p in 0..<10 {
            let n = try noise[p * 160..<(p + 1) * 160].withUnsafeBufferPointer { s in
                try payload.withUnsafeMutableBytes { try encoder.encode(s, into: $0) }
            }
            _ = try payload[0..<n].withUnsafeBytes { b in try out.withUnsafeMutableBufferPointer { try decoder.decode(payload: b, into: $0) } }
        }
        // Five packets lost in a row: spandsp's PLC is silent after 50 ms; the noise is not.
        var last: [Float] = []
        for _ in 0..<5 {
            let n = try out.withUnsafeMutableBufferPointer { try decoder.conceal(durationSamples: 160, next: nil, into: $0) }
            last = Array(out[0..<n])
        }
        #expect(Self.level(last) > -62 && Self.level(last) < -50, "\(Self.level(last)) dBFS")
    }
}
