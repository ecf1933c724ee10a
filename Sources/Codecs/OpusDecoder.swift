internal import COpus

/// Decodes Opus packets (RFC 6716) with libopus, including concealment of lost packets.
///
/// A decoder can run at 8, 12, 16, 24 or 48 kHz whatever rate the sender encoded at (RTP Opus
/// always announces `opus/48000/2`); decode at the pipeline rate to avoid a resampler.
/// Output is Float at full scale 1.0, channels interleaved.
///
/// Threading: one owner (one call session); not safe to use from two threads at once.
public final class OpusDecoder {
    public static let supportedSampleRatesHz = [8000, 12000, 16000, 24000, 48000]

    public let sampleRateHz: Int
    public let channels: Int
    /// Samples per channel of the longest Opus packet (120 ms): size decode buffers with this.
    public let maxFrameSamplesPerChannel: Int
    /// Samples per channel of the last decoded or concealed frame; a lost packet is concealed
    /// with this many (20 ms before the first packet arrives).
    public private(set) var lastFrameSamplesPerChannel: Int

    private let state: OpaquePointer

    public init(sampleRateHz: Int, channels: Int = 1) throws(CodecError) {
        guard Self.supportedSampleRatesHz.contains(sampleRateHz) else {
            throw .unsupportedSampleRate(codec: "Opus decoder", rateHz: sampleRateHz,
                                         supportedHz: Self.supportedSampleRatesHz)
        }
        guard channels == 1 || channels == 2 else {
            throw .unsupportedChannelCount(codec: "Opus decoder", channels: channels, supported: [1, 2])
        }
        var error: Int32 = OPUS_OK
        guard let state = opus_decoder_create(Int32(sampleRateHz), Int32(channels), &error), error == OPUS_OK else {
            throw CodecError.opusFailure("decoder init", error)
        }
        self.state = state
        self.sampleRateHz = sampleRateHz
        self.channels = channels
        self.maxFrameSamplesPerChannel = sampleRateHz * 120 / 1000
        self.lastFrameSamplesPerChannel = sampleRateHz / 50
    }

    deinit { opus_decoder_destroy(state) }

    /// Decodes one packet, or conceals one lost packet when `packet` is nil (one frame of the
    /// last frame's duration). Returns the samples, channels interleaved.
    /// - Throws: `CodecError.emptyPacket`, or `.opus` for a corrupt packet.
    public func decode(packet: [UInt8]?) throws(CodecError) -> [Float] {
        let capacity = (packet == nil ? lastFrameSamplesPerChannel : maxFrameSamplesPerChannel) * channels
        var out = [Float](repeating: 0, count: capacity)
        let n: Int
        if let packet {
            n = try packet.withUnsafeBufferPointer { (p) throws(CodecError) -> Int in
                try out.withUnsafeMutableBufferPointer { (o) throws(CodecError) -> Int in
                    try decode(packet: p, into: o)
                }
            }
        } else {
            n = try out.withUnsafeMutableBufferPointer { (o) throws(CodecError) -> Int in
                try decode(packet: nil, into: o)
            }
        }
        out.removeLast(out.count - n * channels)
        return out
    }

    /// Decodes one packet (or conceals a lost one when `packet` is nil) into `output`, channels
    /// interleaved. Returns the number of samples per channel written. Does not allocate.
    ///
    /// `output` must hold the packet's duration (at most `maxFrameSamplesPerChannel` per channel)
    /// or, for a lost packet, `lastFrameSamplesPerChannel` per channel.
    public func decode(packet: UnsafeBufferPointer<UInt8>?,
                       into output: UnsafeMutableBufferPointer<Float>) throws(CodecError) -> Int {
        let capacityPerChannel = min(output.count / channels, maxFrameSamplesPerChannel)
        guard let pcm = output.baseAddress, capacityPerChannel > 0 else {
            throw .outputBufferTooSmall(needed: lastFrameSamplesPerChannel * channels, available: output.count)
        }
        let decoded: Int32
        if let packet {
            guard packet.count > 0 else { throw .emptyPacket }
            decoded = opus_decode_float(state, packet.baseAddress, Int32(packet.count),
                                        pcm, Int32(capacityPerChannel), 0)
        } else {
            let needed = lastFrameSamplesPerChannel
            guard capacityPerChannel >= needed else {
                throw .outputBufferTooSmall(needed: needed * channels, available: output.count)
            }
            decoded = opus_decode_float(state, nil, 0, pcm, Int32(needed), 0)
        }
        guard decoded >= 0 else { throw CodecError.opusFailure("decode", decoded) }
        if decoded > 0 { lastFrameSamplesPerChannel = Int(decoded) }
        return Int(decoded)
    }

    /// Conceals one lost frame of `samplesPerChannel` (a multiple of 2.5 ms): from the in-band
    /// forward error correction of `nextPacket` (the packet after the lost one) when given,
    /// otherwise by libopus' packet-loss concealment (which it also falls back to when
    /// `nextPacket` carries no FEC data). Returns samples per channel written. Does not allocate.
    public func conceal(samplesPerChannel: Int, usingFECFrom nextPacket: UnsafeBufferPointer<UInt8>?,
                        into output: UnsafeMutableBufferPointer<Float>) throws(CodecError) -> Int {
        let needed = samplesPerChannel * channels
        guard samplesPerChannel > 0, samplesPerChannel <= maxFrameSamplesPerChannel,
              samplesPerChannel * 400 % sampleRateHz == 0 else {
            throw .unsupportedFrameDuration(codec: "Opus concealment",
                                            durationMs: samplesPerChannel * 1000 / sampleRateHz,
                                            supportedMs: [10, 20, 40, 60, 80, 100, 120])
        }
        guard let pcm = output.baseAddress, output.count >= needed else {
            throw .outputBufferTooSmall(needed: needed, available: output.count)
        }
        let decoded: Int32
        if let nextPacket, nextPacket.count > 0 {
            decoded = opus_decode_float(state, nextPacket.baseAddress, Int32(nextPacket.count), pcm, Int32(samplesPerChannel), 1)
        } else {
            decoded = opus_decode_float(state, nil, 0, pcm, Int32(samplesPerChannel), 0)
        }
        guard decoded >= 0 else { throw CodecError.opusFailure("conceal", decoded) }
        return Int(decoded)
    }

    /// Samples per channel in an Opus packet at `rateHz` (48000 gives RTP timestamp units),
    /// nil when the packet's TOC is invalid.
    public static func samplesPerChannel(inPacket packet: UnsafeBufferPointer<UInt8>, rateHz: Int) -> Int? {
        guard let base = packet.baseAddress, packet.count > 0 else { return nil }
        let n = opus_packet_get_nb_samples(base, Int32(packet.count), Int32(rateHz))
        return n > 0 ? Int(n) : nil
    }

    /// Forgets all history, as at the start of a new stream.
    public func reset() {
        _ = ivr_opus_decoder_reset(state)
        lastFrameSamplesPerChannel = sampleRateHz / 50
    }
}

extension CodecError {
    static func opusFailure(_ operation: String, _ code: Int32) -> CodecError {
        .opus(operation: operation, code: code, reason: String(cString: opus_strerror(code)))
    }
}
