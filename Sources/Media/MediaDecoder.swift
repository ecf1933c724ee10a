import AudioCore
import Codecs
import RTP

/// Turns RTP payloads of one negotiated codec into Float samples at the pipeline rate, and
/// conceals lost packets: spandsp PLC for G.711 and L16, libopus PLC or in-band FEC (from the
/// next packet, when the jitter buffer has it) for Opus, with the line's background noise
/// under the concealment (`ComfortNoise`). G.711 and L16 at another rate than
/// the pipeline go through the speexdsp `Resampler` (e.g. PCMU 8 kHz into a 16 kHz pipeline).
///
/// All buffers are allocated in `init`; `decode` and `conceal` write into the caller's
/// buffer without allocating. Output of a resampled stream lags by the resampler's latency
/// and a call may write a sample more or less than the packet's duration.
/// One owner per stream (a call session); not thread-safe.
public final class MediaDecoder {
    public let codec: MediaCodec
    public let pipelineRate: PipelineRate
    /// The longest frame decoded (Asterisk allows up to 140 ms ptime for G.711; Opus packets
    /// are at most 120 ms).
    public static let maxFrameMs = 140
    /// Size caller buffers to hold this many samples: one call never writes more.
    public let maxOutputSamples: Int

    private let codecRateHz: Int
    private let maxCodecSamples: Int
    private let resampler: Resampler?
    private let concealer: PacketLossConcealer?
    private let opus: OpusDecoder?
    private let g711: G711Codec?
    private var pcm16: [Int16]
    private var floats: [Float]
    private var comfortNoise: ComfortNoise

    public init(codec: MediaCodec, pipelineRate: PipelineRate) throws(MediaError) {
        self.codec = codec
        self.pipelineRate = pipelineRate
        if case let .l16(rate, _) = codec, !MediaCodec.l16RatesHz.contains(rate) {
            throw .unsupportedConfiguration("L16 at \(rate) Hz is not supported; use 8000 or 16000 Hz")
        }
        codecRateHz = codec.codecRateHz(pipelineRate: pipelineRate)
        maxCodecSamples = codecRateHz * Self.maxFrameMs / 1000
        do {
            resampler = codecRateHz == pipelineRate.hz ? nil
                : try Resampler(inputRateHz: codecRateHz, outputRateHz: pipelineRate.hz)
            if case .opus = codec {
                opus = try OpusDecoder(sampleRateHz: pipelineRate.hz, channels: 1)
            } else {
                opus = nil
            }
        } catch {
            throw .codec(error)
        }
        switch codec {
        case .pcmu: g711 = G711Codec(law: .ulaw)
        case .pcma: g711 = G711Codec(law: .alaw)
        default: g711 = nil
        }
        concealer = opus == nil ? PacketLossConcealer() : nil
        comfortNoise = ComfortNoise(blockSamples: pipelineRate.hopSamples)
        pcm16 = [Int16](repeating: 0, count: maxCodecSamples)
        floats = [Float](repeating: 0, count: maxCodecSamples)
        maxOutputSamples = resampler?.maxOutputCount(forInputCount: maxCodecSamples) ?? maxCodecSamples
    }

    /// Audio in a payload, in RTP timestamp units (what the jitter buffer needs); nil when the
    /// payload cannot be decoded (empty, odd L16 length, invalid Opus TOC).
    public func durationSamples(ofPayload payload: UnsafeRawBufferPointer) -> Int? {
        switch codec {
        case .pcmu, .pcma: return payload.isEmpty ? nil : payload.count
        case .l16: return payload.isEmpty || payload.count % 2 != 0 ? nil : payload.count / 2
        case .opus:
            return OpusDecoder.samplesPerChannel(inPacket: payload.assumingMemoryBound(to: UInt8.self), rateHz: 48000)
        }
    }

    /// Decodes one payload into `output`; returns the samples written at the pipeline rate.
    public func decode(payload: UnsafeRawBufferPointer, into output: UnsafeMutableBufferPointer<Float>) throws(MediaError) -> Int {
        let n = try decodeAudio(payload: payload, into: output)
        comfortNoise.heard(UnsafeBufferPointer(rebasing: output[..<n]))
        return n
    }

    private func decodeAudio(payload: UnsafeRawBufferPointer, into output: UnsafeMutableBufferPointer<Float>) throws(MediaError) -> Int {
        guard output.count >= maxOutputSamples else {
            throw .bufferTooSmall(what: "decoder output", needed: maxOutputSamples, available: output.count)
        }
        if let opus {
            guard !payload.isEmpty else { throw .malformedPayload(codec: "Opus", bytes: 0, reason: "an Opus packet has at least its TOC byte") }
            do {
                return cleaned(try opus.decode(packet: payload.assumingMemoryBound(to: UInt8.self), into: output), output)
            } catch {
                throw .codec(error)
            }
        }
        let n: Int
        switch codec {
        case .l16:
            guard payload.count % 2 == 0 else {
                throw .malformedPayload(codec: "L16", bytes: payload.count, reason: "not a whole number of 16-bit samples")
            }
            n = payload.count / 2
            guard n <= maxCodecSamples else { throw .payloadTooLong(codec: "L16", bytes: payload.count, maxBytes: 2 * maxCodecSamples) }
            for i in 0..<n { pcm16[i] = Int16(bitPattern: UInt16(payload[2 * i]) << 8 | UInt16(payload[2 * i + 1])) }
        default:
            n = payload.count
            guard n <= maxCodecSamples else { throw .payloadTooLong(codec: codec.name, bytes: n, maxBytes: maxCodecSamples) }
            let g = g711!
            for i in 0..<n { pcm16[i] = g.linearValue(of: payload[i]) }
        }
        pcm16.withUnsafeMutableBufferPointer { concealer?.receive(UnsafeMutableBufferPointer(rebasing: $0[..<n])) }
        return emit(count: n, into: output)
    }

    /// Conceals a lost frame of `durationSamples` RTP timestamp units (from the jitter
    /// buffer's `.lost`). For Opus, `next` is the following packet's payload: its in-band FEC
    /// rebuilds the lost frame when it directly follows it. Returns samples written.
    /// The line's own background noise is added under the concealment (`ComfortNoise`): PLC
    /// fades to silence within 50 ms, and a hole of digital silence in a call reads as a pause.
    public func conceal(durationSamples: Int, next: UnsafeRawBufferPointer?,
                        into output: UnsafeMutableBufferPointer<Float>) throws(MediaError) -> Int {
        let n = try concealAudio(durationSamples: durationSamples, next: next, into: output)
        comfortNoise.fill(UnsafeMutableBufferPointer(rebasing: output[..<n]))
        return n
    }

    private func concealAudio(durationSamples: Int, next: UnsafeRawBufferPointer?,
                              into output: UnsafeMutableBufferPointer<Float>) throws(MediaError) -> Int {
        guard output.count >= maxOutputSamples else {
            throw .bufferTooSmall(what: "decoder output", needed: maxOutputSamples, available: output.count)
        }
        if let opus {
            // RTP units are 48 kHz; Opus conceals whole 2.5 ms steps at the pipeline rate.
            let step = pipelineRate.hz / 400
            let wanted = durationSamples * pipelineRate.hz / 48000
            let frame = min(max(step, (wanted + step / 2) / step * step), opus.maxFrameSamplesPerChannel)
            do {
                return cleaned(try opus.conceal(samplesPerChannel: frame, usingFECFrom: next.map { $0.assumingMemoryBound(to: UInt8.self) },
                                                into: output), output)
            } catch {
                throw .codec(error)
            }
        }
        let n = min(max(0, durationSamples), maxCodecSamples)
        pcm16.withUnsafeMutableBufferPointer { concealer?.fill(UnsafeMutableBufferPointer(rebasing: $0[..<n])) }
        return emit(count: n, into: output)
    }

    /// Opus decodes to float: whatever it gives is made finite and in range before it goes on
    /// (G.711 and L16 pass through 16-bit integers and cannot be otherwise).
    public private(set) var sanitizer = SampleSanitizer()

    private func cleaned(_ n: Int, _ output: UnsafeMutableBufferPointer<Float>) -> Int {
        sanitizer.clean(UnsafeMutableBufferPointer(rebasing: output[..<n]))
        return n
    }

    /// Forgets the stream (after a resynchronization to a new source).
    public func reset() {
        comfortNoise.reset()
        concealer?.reset()
        opus?.reset()
        resampler?.reset()
    }

    private func emit(count n: Int, into output: UnsafeMutableBufferPointer<Float>) -> Int {
        guard let resampler else {
            for i in 0..<n { output[i] = SampleConversion.toFloat(pcm16[i]) }
            return n
        }
        for i in 0..<n { floats[i] = SampleConversion.toFloat(pcm16[i]) }
        return floats.withUnsafeBufferPointer { resampler.process(UnsafeBufferPointer(rebasing: $0[..<n]), into: output) }
    }
}
