import AudioCore
import COpus
import Codecs

/// One call's codec between RTP payloads and the pipeline's audio: decodes the caller's payloads
/// (and conceals the lost ones) to Float at the pipeline rate, and encodes the engine's 20 ms
/// frames. Owns its decoder/encoder state (Opus, resamplers): one per call, on the call's loop.
final class PayloadCodec {
    let codec: NegotiatedCodec
    let pipelineRateHz: Int
    /// Pipeline samples in one 20 ms frame.
    let frameSamples: Int
    /// RTP clock ticks in one 20 ms frame.
    let frameTicks: Int

    private let g711: G711Codec?
    private let opusDecoder: OpusDecoder?
    private let opusEncoder: OpusEncoder?
    /// Codec rate → pipeline rate, and back (nil when they are the same).
    private let upsampler: Resampler?
    private let downsampler: Resampler?
    private var codecRate: [Float]
    private var lastFrame: [Float]

    init(codec: NegotiatedCodec, pipelineRateHz: Int) throws {
        self.codec = codec
        self.pipelineRateHz = pipelineRateHz
        frameSamples = pipelineRateHz / 50
        frameTicks = codec.clockRateHz / 50
        switch codec.kind {
        case .pcmu: g711 = G711Codec(law: .ulaw)
        case .pcma: g711 = G711Codec(law: .alaw)
        case .l16, .opus: g711 = nil
        }
        if codec.kind == .opus {
            opusDecoder = try OpusDecoder(sampleRateHz: pipelineRateHz)
            opusEncoder = try OpusEncoder(sampleRateHz: pipelineRateHz, application: .voip)
            upsampler = nil
            downsampler = nil
        } else {
            opusDecoder = nil
            opusEncoder = nil
            let same = codec.clockRateHz == pipelineRateHz
            upsampler = same ? nil : try Resampler(inputRateHz: codec.clockRateHz, outputRateHz: pipelineRateHz)
            downsampler = same ? nil : try Resampler(inputRateHz: pipelineRateHz, outputRateHz: codec.clockRateHz)
        }
        codecRate = [Float](repeating: 0, count: 48000 / 4)  // 250 ms at the highest codec rate
        lastFrame = [Float](repeating: 0, count: frameSamples)
    }

    /// The audio a payload holds, in RTP clock ticks (nil: not a valid payload of this codec).
    func durationTicks(_ payload: UnsafeRawBufferPointer) -> Int? {
        switch codec.kind {
        case .pcmu, .pcma: return payload.isEmpty ? nil : payload.count
        case .l16: return payload.count >= 2 ? payload.count / 2 : nil
        case .opus:
            guard let base = payload.baseAddress?.assumingMemoryBound(to: UInt8.self), !payload.isEmpty else { return nil }
            let n = opus_packet_get_nb_samples(base, Int32(payload.count), 48000)
            return n > 0 ? Int(n) : nil
        }
    }

    /// Decodes one payload into `out` (pipeline rate); returns the samples written.
    func decode(_ payload: UnsafeRawBufferPointer, into out: UnsafeMutableBufferPointer<Float>) -> Int {
        switch codec.kind {
        case .opus:
            guard let decoder = opusDecoder else { return 0 }
            let bytes = UnsafeBufferPointer(start: payload.baseAddress?.assumingMemoryBound(to: UInt8.self), count: payload.count)
            return (try? decoder.decode(packet: bytes, into: out)) ?? 0
        case .pcmu, .pcma, .l16:
            let n = min(durationTicks(payload) ?? 0, codecRate.count)
            codecRate.withUnsafeMutableBufferPointer { buf in
                if let g711 {
                    g711.decode(UnsafeBufferPointer(start: payload.baseAddress?.assumingMemoryBound(to: UInt8.self), count: n),
                                into: buf)
                } else {
                    for i in 0..<n {
                        let v = Int16(bitPattern: UInt16(payload[2 * i]) << 8 | UInt16(payload[2 * i + 1]))
                        buf[i] = Float(v) / 32768
                    }
                }
            }
            return convert(count: n, with: upsampler, into: out)
        }
    }

    /// Fills a lost stretch of `ticks` RTP clock ticks: Opus concealment, or for G.711/L16 the
    /// last frame faded out (silence after it). Returns the samples written.
    func conceal(ticks: Int, into out: UnsafeMutableBufferPointer<Float>) -> Int {
        let n = min(out.count, ticks * pipelineRateHz / codec.clockRateHz)
        if let decoder = opusDecoder {
            var written = 0
            while written < n {
                let chunk = UnsafeMutableBufferPointer(rebasing: out[written..<out.count])
                guard let got = try? decoder.decode(packet: nil, into: chunk), got > 0 else { break }
                written += got
            }
            for i in written..<n { out[i] = 0 }
            return n
        }
        for i in 0..<n {
            let fade = max(0, 1 - Float(i) / Float(max(1, frameSamples)))
            out[i] = lastFrame[i % frameSamples] * fade
        }
        return n
    }

    /// Remembers the last decoded frame (for concealment of the next loss).
    func rememberFrame(_ samples: UnsafeBufferPointer<Float>) {
        let n = min(samples.count, frameSamples)
        for i in 0..<n { lastFrame[i] = samples[samples.count - n + i] }
    }

    /// Encodes one 20 ms frame at the pipeline rate into `packet`; returns the payload's bytes.
    func encode(_ frame: UnsafeBufferPointer<Float>, into packet: UnsafeMutableRawBufferPointer) -> Int {
        if let encoder = opusEncoder {
            return (try? encoder.encode(frame, into: packet.bindMemory(to: UInt8.self))) ?? 0
        }
        let n: Int = codecRate.withUnsafeMutableBufferPointer { buf in
            if let downsampler { return downsampler.process(frame, into: buf) }
            for i in 0..<frame.count { buf[i] = frame[i] }
            return frame.count
        }
        if let g711 {
            let count = min(n, packet.count)
            codecRate.withUnsafeBufferPointer { src in
                g711.encode(UnsafeBufferPointer(rebasing: src[0..<count]), into: packet.bindMemory(to: UInt8.self))
            }
            return count
        }
        let count = min(n, packet.count / 2)
        for i in 0..<count {
            let x = codecRate[i]
            let v = Int16(x.isFinite ? max(-32768, min(32767, (x * 32768).rounded())) : 0)
            let u = UInt16(bitPattern: v)
            packet[2 * i] = UInt8(u >> 8)
            packet[2 * i + 1] = UInt8(u & 0xFF)
        }
        return 2 * count
    }

    private func convert(count n: Int, with resampler: Resampler?, into out: UnsafeMutableBufferPointer<Float>) -> Int {
        codecRate.withUnsafeBufferPointer { src in
            let input = UnsafeBufferPointer(rebasing: src[0..<n])
            if let resampler { return resampler.process(input, into: out) }
            let m = min(n, out.count)
            for i in 0..<m { out[i] = input[i] }
            return m
        }
    }
}
