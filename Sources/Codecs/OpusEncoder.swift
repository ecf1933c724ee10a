internal import COpus

/// Encodes fixed-duration frames to Opus packets with libopus.
///
/// Input is Float at full scale 1.0, channels interleaved, exactly one frame per call
/// (20 ms by default). Threading: one owner; not safe to use from two threads at once.
public final class OpusEncoder {
    public static let supportedSampleRatesHz = OpusDecoder.supportedSampleRatesHz
    public static let supportedFrameDurationsMs = [10, 20, 40, 60]
    /// Largest packet libopus produces for one frame (RFC 6716 §3.2.1: 1275 bytes per frame,
    /// up to three frames for 60 ms).
    public static let maxPacketBytes = 4000

    /// libopus' coding mode.
    public enum Application: Sendable, Hashable {
        /// Speech: favours intelligibility (telephony, the engine's default).
        case voip
        /// Music or mixed content: favours fidelity.
        case audio
        /// Lowest delay: no SILK layer, lookahead 2.5 ms.
        case restrictedLowDelay

        var opusValue: Int32 {
            switch self {
            case .voip: OPUS_APPLICATION_VOIP
            case .audio: OPUS_APPLICATION_AUDIO
            case .restrictedLowDelay: OPUS_APPLICATION_RESTRICTED_LOWDELAY
            }
        }
    }

    public let sampleRateHz: Int
    public let channels: Int
    public let frameDurationMs: Int
    /// Samples per channel in one frame.
    public let frameSamplesPerChannel: Int

    private let state: OpaquePointer

    /// - Parameters:
    ///   - bitrateBps: target bitrate in bits per second (libopus accepts 500…512000).
    ///   - complexity: 0 (cheapest) … 10 (best); 5 costs ≈ 120 µs per 20 ms at 16 kHz.
    ///   - expectedPacketLossPercent: above 0, turns on in-band forward error correction
    ///     (LBRR, RFC 6716 §2.1.7) sized for this loss rate, so a receiver can rebuild a lost
    ///     frame from the next packet.
    public init(sampleRateHz: Int, channels: Int = 1, application: Application = .voip,
                bitrateBps: Int = 24_000, complexity: Int = 5, frameDurationMs: Int = 20,
                expectedPacketLossPercent: Int = 0) throws(CodecError) {
        guard Self.supportedSampleRatesHz.contains(sampleRateHz) else {
            throw .unsupportedSampleRate(codec: "Opus encoder", rateHz: sampleRateHz,
                                         supportedHz: Self.supportedSampleRatesHz)
        }
        guard channels == 1 || channels == 2 else {
            throw .unsupportedChannelCount(codec: "Opus encoder", channels: channels, supported: [1, 2])
        }
        guard Self.supportedFrameDurationsMs.contains(frameDurationMs) else {
            throw .unsupportedFrameDuration(codec: "Opus encoder", durationMs: frameDurationMs,
                                            supportedMs: Self.supportedFrameDurationsMs)
        }
        var error: Int32 = OPUS_OK
        guard let state = opus_encoder_create(Int32(sampleRateHz), Int32(channels), application.opusValue, &error),
              error == OPUS_OK else {
            throw CodecError.opusFailure("encoder init", error)
        }
        self.state = state
        self.sampleRateHz = sampleRateHz
        self.channels = channels
        self.frameDurationMs = frameDurationMs
        self.frameSamplesPerChannel = sampleRateHz * frameDurationMs / 1000
        // From here on `deinit` runs on a throw, so the state is not leaked.
        let bitrateResult = ivr_opus_encoder_set_bitrate(state, Int32(clamping: bitrateBps))
        guard bitrateResult == OPUS_OK else { throw CodecError.opusFailure("set bitrate \(bitrateBps) bps", bitrateResult) }
        let complexityResult = ivr_opus_encoder_set_complexity(state, Int32(clamping: complexity))
        guard complexityResult == OPUS_OK else {
            throw CodecError.opusFailure("set complexity \(complexity) (valid: 0…10)", complexityResult)
        }
        if expectedPacketLossPercent > 0 {
            let fec = ivr_opus_encoder_set_inband_fec(state, 1)
            guard fec == OPUS_OK else { throw CodecError.opusFailure("enable in-band FEC", fec) }
            let loss = ivr_opus_encoder_set_packet_loss_perc(state, Int32(clamping: min(expectedPacketLossPercent, 100)))
            guard loss == OPUS_OK else { throw CodecError.opusFailure("set packet loss \(expectedPacketLossPercent) %", loss) }
        }
    }

    deinit { opus_encoder_destroy(state) }

    /// Encodes exactly one frame (`frameSamplesPerChannel × channels` samples, interleaved).
    public func encode(frame: [Float]) throws(CodecError) -> [UInt8] {
        var packet = [UInt8](repeating: 0, count: Self.maxPacketBytes)
        let n = try frame.withUnsafeBufferPointer { (f) throws(CodecError) -> Int in
            try packet.withUnsafeMutableBufferPointer { (p) throws(CodecError) -> Int in
                try encode(f, into: p)
            }
        }
        packet.removeLast(packet.count - n)
        return packet
    }

    /// Encodes exactly one frame into `packet`; returns the packet's length in bytes. Does not
    /// allocate. `packet` should hold `maxPacketBytes`.
    public func encode(_ frame: UnsafeBufferPointer<Float>,
                       into packet: UnsafeMutableBufferPointer<UInt8>) throws(CodecError) -> Int {
        let expected = frameSamplesPerChannel * channels
        guard frame.count == expected else {
            throw .wrongFrameLength(codec: "Opus encoder", expectedSamples: expected,
                                    gotSamples: frame.count, sampleRateHz: sampleRateHz)
        }
        guard let pcm = frame.baseAddress, let data = packet.baseAddress, packet.count > 0 else {
            throw .outputBufferTooSmall(needed: Self.maxPacketBytes, available: packet.count)
        }
        let n = opus_encode_float(state, pcm, Int32(frameSamplesPerChannel), data, Int32(clamping: packet.count))
        guard n >= 0 else { throw CodecError.opusFailure("encode", n) }
        return Int(n)
    }
}
