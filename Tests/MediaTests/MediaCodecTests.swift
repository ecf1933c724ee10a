import Testing
import AudioCore
import Media
import Codecs
import TestSupport

@Suite struct MediaCodecTests {
    @Test("payload types, RTP clocks and rtpmap strings as RFC 3551 / RFC 7587 give them")
    func sdpFacts() {
        #expect(MediaCodec.pcmu.payloadType == 0 && MediaCodec.pcmu.rtpmap == "PCMU/8000")
        #expect(MediaCodec.pcma.payloadType == 8 && MediaCodec.pcma.rtpmap == "PCMA/8000")
        #expect(MediaCodec.l16(sampleRateHz: 16000, payloadType: 98).rtpmap == "L16/16000")
        #expect(MediaCodec.opus(payloadType: 111).rtpClockRateHz == 48000)
        #expect(MediaCodec.opus(payloadType: 111).rtpmap == "opus/48000/2")
        #expect(TelephoneEventFormat().payloadType == 101 && TelephoneEventFormat().rtpmap == "telephone-event/8000")
    }

    @Test("L16 is 16-bit big-endian: a hand-made payload decodes to the values written in it")
    func l16NetworkOrder() throws {
        let decoder = try MediaDecoder(codec: .l16(sampleRateHz: 8000, payloadType: 96), pipelineRate: .narrowband)
        let payload: [UInt8] = [0x40, 0x00, 0xC0, 0x00, 0x00, 0x01]  // 16384, −16384, 1
        var out = [Float](repeating: 0, count: decoder.maxOutputSamples)
        let n = try payload.withUnsafeBytes { p in try out.withUnsafeMutableBufferPointer { try decoder.decode(payload: p, into: $0) } }
        #expect(n == 3)
        #expect(Array(out[..<3]) == [0.5, -0.5, 1.0 / 32768])
        #expect(payload.withUnsafeBytes { decoder.durationSamples(ofPayload: $0) } == 3)
        #expect(throws: MediaError.self) {
            try [UInt8](repeating: 0, count: 3).withUnsafeBytes { p in try out.withUnsafeMutableBufferPointer { try decoder.decode(payload: p, into: $0) } }
        }
    }

    @Test("Opus payload duration is read from the packet in 48 kHz units", arguments: [PipelineRate.narrowband, .wideband])
    func opusDuration(rate: PipelineRate) throws {
        let encoder = try MediaEncoder(codec: .opus(payloadType: 111), pipelineRate: rate)
        let decoder = try MediaDecoder(codec: .opus(payloadType: 111), pipelineRate: rate)
        var payload = [UInt8](repeating: 0, count: encoder.maxPayloadBytes)
        let frame = [Float](repeating: 0.1, count: encoder.frameSamples)
        let n = try frame.withUnsafeBufferPointer { f in try payload.withUnsafeMutableBytes { try encoder.encode(f, into: $0) } }
        #expect(encoder.timestampIncrement == 960)
        #expect(payload[..<n].withUnsafeBytes { decoder.durationSamples(ofPayload: $0) } == 960)
    }

    @Test("NaN and infinite samples never trap an encoder; they encode as silence / full scale",
          arguments: [MediaCodec.pcmu, .pcma, .l16(sampleRateHz: 16000, payloadType: 96), .opus(payloadType: 111)])
    func nonFiniteInput(codec: MediaCodec) throws {
        for rate in PipelineRate.allCases {
            let encoder = try MediaEncoder(codec: codec, pipelineRate: rate)
            var frame = [Float](repeating: .nan, count: encoder.frameSamples)
            frame[1] = .infinity
            frame[2] = -.infinity
            frame[3] = .signalingNaN
            var payload = [UInt8](repeating: 0, count: encoder.maxPayloadBytes)
            for _ in 0..<3 {
                let n = try frame.withUnsafeBufferPointer { f in try payload.withUnsafeMutableBytes { try encoder.encode(f, into: $0) } }
                #expect(n > 0)
            }
        }
        #expect(MediaEncoderProbe.sanitized([.nan, .infinity, -.infinity, 0.25]) == [0, 1, -1, 0.25])
    }

    @Test("the shared sample conversion and G.711 never trap on NaN or infinity")
    func conversionNonFinite() {
        #expect(SampleConversion.toInt16(.nan) == 0)
        #expect(SampleConversion.toInt16(.infinity) == .max)
        #expect(SampleConversion.toInt16(-.infinity) == .min)
        #expect(G711Codec(law: .ulaw).encode(sample: .nan) == 0xFF)  // µ-law +0
    }

    @Test("garbage payloads give errors or audio, never a trap", arguments: [MediaCodec.pcmu, .l16(sampleRateHz: 8000, payloadType: 96), .opus(payloadType: 111)])
    func garbagePayloads(codec: MediaCodec) throws {
        let decoder = try MediaDecoder(codec: codec, pipelineRate: .wideband)
        var rng = SplitMix64(seed: 3)
        var out = [Float](repeating: 0, count: decoder.maxOutputSamples)
        var errors = 0
        for _ in 0..<2000 {
            let bytes = (0..<Int(rng.next() % 1500)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            do {
                let n = try bytes.withUnsafeBytes { p in try out.withUnsafeMutableBufferPointer { try decoder.decode(payload: p, into: $0) } }
                #expect(n <= out.count)
                let finite = out[..<n].allSatisfy { $0.isFinite }
                #expect(finite)
            } catch {
                errors += 1
            }
        }
        #expect(errors > 0)  // some are too long or malformed, and say so
        #expect(throws: MediaError.payloadTooLong(codec: "PCMU", bytes: 1200, maxBytes: 1120)) {
            let d = try MediaDecoder(codec: .pcmu, pipelineRate: .narrowband)
            _ = try [UInt8](repeating: 0xFF, count: 1200).withUnsafeBytes { p in try out.withUnsafeMutableBufferPointer { try d.decode(payload: p, into: $0) } }
        }
    }
}

/// `MediaEncoder.sanitize` through its public effect: L16 at the pipeline rate is lossless
/// apart from rounding, so the payload shows what each sample became.
enum MediaEncoderProbe {
    static func sanitized(_ samples: [Float]) -> [Float] {
        let encoder = try! MediaEncoder(codec: .l16(sampleRateHz: 8000, payloadType: 96), pipelineRate: .narrowband)
        var frame = [Float](repeating: 0, count: encoder.frameSamples)
        for (i, s) in samples.enumerated() { frame[i] = s }
        var payload = [UInt8](repeating: 0, count: encoder.maxPayloadBytes)
        _ = try! frame.withUnsafeBufferPointer { f in try payload.withUnsafeMutableBytes { try encoder.encode(f, into: $0) } }
        return (0..<samples.count).map { i in
            let v = Int16(bitPattern: UInt16(payload[2 * i]) << 8 | UInt16(payload[2 * i + 1]))
            return v == .max ? 1 : Float(v) / 32768
        }
    }
}
