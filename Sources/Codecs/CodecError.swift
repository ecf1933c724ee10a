/// Everything that can go wrong in the codec layer. Each message says what was wrong and what
/// would be right; libopus / speexdsp failures carry the library's own reason text.
public enum CodecError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A codec or resampler was asked for a sample rate it cannot run at.
    case unsupportedSampleRate(codec: String, rateHz: Int, supportedHz: [Int])
    /// A codec was asked for a channel count it cannot run with.
    case unsupportedChannelCount(codec: String, channels: Int, supported: [Int])
    /// An encoder was asked for a frame duration it cannot produce.
    case unsupportedFrameDuration(codec: String, durationMs: Int, supportedMs: [Int])
    /// An encoder was handed a frame of the wrong length.
    case wrongFrameLength(codec: String, expectedSamples: Int, gotSamples: Int, sampleRateHz: Int)
    /// A packet with no bytes: RFC 6716 §3.4 (R1) requires at least the TOC byte.
    case emptyPacket
    /// A caller-provided output buffer cannot hold the result.
    case outputBufferTooSmall(needed: Int, available: Int)
    /// libopus refused an operation; `reason` is `opus_strerror(code)`.
    case opus(operation: String, code: Int32, reason: String)
    /// A resampler setting outside what speexdsp accepts.
    case invalidResamplerSetting(String)
    /// speexdsp refused an operation; `reason` is `speex_resampler_strerror(code)`.
    case speexResampler(operation: String, code: Int32, reason: String)

    public var description: String {
        switch self {
        case let .unsupportedSampleRate(codec, rate, supported):
            let list = supported.map(String.init).joined(separator: ", ")
            return "\(codec): sample rate \(rate) Hz is not supported; use one of \(list) Hz"
        case let .unsupportedChannelCount(codec, channels, supported):
            let list = supported.map(String.init).joined(separator: " or ")
            return "\(codec): \(channels) channels are not supported; use \(list)"
        case let .unsupportedFrameDuration(codec, ms, supported):
            let list = supported.map(String.init).joined(separator: ", ")
            return "\(codec): frame duration \(ms) ms is not supported; use one of \(list) ms"
        case let .wrongFrameLength(codec, expected, got, rate):
            let ms = Double(expected) * 1000 / Double(rate)
            return "\(codec): frame has \(got) samples; expected \(expected) "
                + "(\(ms.oneDecimal) ms at \(rate) Hz, channels interleaved)"
        case .emptyPacket:
            return "Opus: packet has 0 bytes; a packet has at least its TOC byte "
                + "(pass nil to conceal a lost packet)"
        case let .outputBufferTooSmall(needed, available):
            return "output buffer holds \(available) elements; \(needed) are needed"
        case let .opus(operation, code, reason):
            return "Opus \(operation) failed: \(reason) (libopus error \(code))"
        case let .invalidResamplerSetting(message):
            return "resampler: \(message)"
        case let .speexResampler(operation, code, reason):
            return "resampler \(operation) failed: \(reason) (speexdsp error \(code))"
        }
    }
}

extension Double {
    /// "20" for 20.0, "2.5" for 2.5.
    var oneDecimal: String {
        let r = (self * 10).rounded() / 10
        return r == r.rounded() ? String(Int(r)) : String(r)
    }
}
