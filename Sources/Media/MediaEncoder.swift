import AudioCore
import Codecs

/// Turns pipeline-rate Float audio into RTP payloads of the negotiated codec, one packet of
/// `packetDurationMs` (20 ms) per call: G.711, L16 (network byte order) or Opus (VOIP mode,
/// with in-band FEC when a loss rate is expected). G.711 and L16 at another rate go through
/// the speexdsp `Resampler` and a small FIFO that keeps every packet exactly one ptime long
/// (primed with the resampler's latency in zeros).
///
/// NaN and infinite samples are replaced (NaN → 0, ±∞ → ±full scale) before encoding, so a
/// broken upstream stage cannot trap the encoder. Buffers are allocated in `init`; `encode`
/// does not allocate. One owner per stream; not thread-safe.
public final class MediaEncoder {
    public let codec: MediaCodec
    public let pipelineRate: PipelineRate
    public let packetDurationMs: Int
    /// Pipeline-rate samples `encode` takes per call.
    public let frameSamples: Int
    /// RTP timestamp units one packet advances.
    public let timestampIncrement: Int
    /// The largest payload `encode` writes.
    public let maxPayloadBytes: Int

    private let codecFrameSamples: Int
    private let resampler: Resampler?
    private let opus: OpusEncoder?
    private let g711: G711Codec?
    private var clean: [Float]
    private var fifo: [Float]
    private var fifoCount: Int

    /// - Parameter expectedPacketLossPercent: Opus only: above 0 turns on in-band FEC sized
    ///   for that loss rate (RFC 7587 §3.3; the receiver rebuilds a lost frame from the next packet).
    public init(codec: MediaCodec, pipelineRate: PipelineRate, packetDurationMs: Int = 20,
                opusBitrateBps: Int = 24_000, expectedPacketLossPercent: Int = 0) throws(MediaError) {
        guard [10, 20, 30, 40, 60].contains(packetDurationMs) else {
            throw .unsupportedConfiguration("packet duration \(packetDurationMs) ms is not supported; use 10, 20, 30, 40 or 60 ms")
        }
        if case let .l16(rate, _) = codec, !MediaCodec.l16RatesHz.contains(rate) {
            throw .unsupportedConfiguration("L16 at \(rate) Hz is not supported; use 8000 or 16000 Hz")
        }
        if case .opus = codec, packetDurationMs == 30 {
            throw .unsupportedConfiguration("Opus has no 30 ms frame; use 10, 20, 40 or 60 ms")
        }
        self.codec = codec
        self.pipelineRate = pipelineRate
        self.packetDurationMs = packetDurationMs
        frameSamples = pipelineRate.hz * packetDurationMs / 1000
        timestampIncrement = codec.rtpClockRateHz * packetDurationMs / 1000
        let codecRate = codec.codecRateHz(pipelineRate: pipelineRate)
        codecFrameSamples = codecRate * packetDurationMs / 1000
        do {
            resampler = codecRate == pipelineRate.hz ? nil : try Resampler(inputRateHz: pipelineRate.hz, outputRateHz: codecRate)
            if case .opus = codec {
                opus = try OpusEncoder(sampleRateHz: pipelineRate.hz, channels: 1, application: .voip, bitrateBps: opusBitrateBps,
                                       frameDurationMs: packetDurationMs, expectedPacketLossPercent: expectedPacketLossPercent)
            } else {
                opus = nil
            }
        } catch {
            throw .codec(error)
        }
        switch codec {
        case .pcmu: g711 = G711Codec(law: .ulaw); maxPayloadBytes = codecFrameSamples
        case .pcma: g711 = G711Codec(law: .alaw); maxPayloadBytes = codecFrameSamples
        case .l16: g711 = nil; maxPayloadBytes = 2 * codecFrameSamples
        case .opus: g711 = nil; maxPayloadBytes = OpusEncoder.maxPacketBytes
        }
        clean = [Float](repeating: 0, count: max(frameSamples, codecFrameSamples))
        let latency = resampler.map { ($0.inputLatencySamples * codecRate + pipelineRate.hz - 1) / pipelineRate.hz + 2 } ?? 0
        fifo = [Float](repeating: 0, count: codecFrameSamples * 3 + latency + 8)
        fifoCount = latency
    }

    /// Encodes exactly `frameSamples` samples into `payload`; returns the payload's length.
    public func encode(_ samples: UnsafeBufferPointer<Float>, into payload: UnsafeMutableRawBufferPointer) throws(MediaError) -> Int {
        guard samples.count == frameSamples else {
            throw .bufferTooSmall(what: "\(codec.name) encoder input (\(packetDurationMs) ms at \(pipelineRate.hz) Hz)",
                                  needed: frameSamples, available: samples.count)
        }
        for i in 0..<frameSamples { clean[i] = Self.sanitize(samples[i]) }
        if let opus {
            do {
                return try clean.withUnsafeBufferPointer { (f) throws(CodecError) -> Int in
                    try opus.encode(UnsafeBufferPointer(rebasing: f[..<frameSamples]), into: payload.assumingMemoryBound(to: UInt8.self))
                }
            } catch {
                throw .codec(error)
            }
        }
        guard payload.count >= maxPayloadBytes else {
            throw .bufferTooSmall(what: "\(codec.name) payload buffer", needed: maxPayloadBytes, available: payload.count)
        }
        prepareCodecFrame()
        if let g711 {
            for i in 0..<codecFrameSamples { payload[i] = g711.encode(sample: clean[i]) }
            return codecFrameSamples
        }
        for i in 0..<codecFrameSamples {
            let v = UInt16(bitPattern: SampleConversion.toInt16(clean[i]))
            payload[2 * i] = UInt8(v >> 8)
            payload[2 * i + 1] = UInt8(v & 0xFF)
        }
        return 2 * codecFrameSamples
    }

    /// NaN → 0, ±∞ → ±1 (full scale); finite values pass (the codecs saturate them).
    @inline(__always) static func sanitize(_ x: Float) -> Float {
        x.isFinite ? x : (x.isNaN ? 0 : (x > 0 ? 1 : -1))
    }

    /// Leaves one codec-rate frame at the start of `clean`: the pipeline frame itself, or the
    /// oldest frame of the resampled FIFO.
    private func prepareCodecFrame() {
        guard let resampler else { return }
        let produced = clean.withUnsafeBufferPointer { whole in
            fifo.withUnsafeMutableBufferPointer { f in
                resampler.process(UnsafeBufferPointer(rebasing: whole[..<frameSamples]), into: UnsafeMutableBufferPointer(rebasing: f[fifoCount...]))
            }
        }
        fifoCount += produced
        // Hand out the oldest frame, then move the rest down (a few samples).
        for i in 0..<codecFrameSamples { clean[i] = fifo[i] }
        let rest = fifoCount - codecFrameSamples
        for i in 0..<max(0, rest) { fifo[i] = fifo[codecFrameSamples + i] }
        fifoCount = max(0, rest)
    }
}
