import Codecs

/// Everything that can go wrong turning RTP payloads into pipeline samples and back.
public enum MediaError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A codec configuration the media layer does not run (what was asked, what would work).
    case unsupportedConfiguration(String)
    /// A payload longer than the longest frame the decoder takes.
    case payloadTooLong(codec: String, bytes: Int, maxBytes: Int)
    /// A payload whose length the codec cannot hold (L16 needs whole 16-bit samples).
    case malformedPayload(codec: String, bytes: Int, reason: String)
    /// A caller-provided buffer is too small.
    case bufferTooSmall(what: String, needed: Int, available: Int)
    /// The codec library refused (libopus, speexdsp).
    case codec(CodecError)

    public var description: String {
        switch self {
        case let .unsupportedConfiguration(message): message
        case let .payloadTooLong(codec, bytes, max):
            "\(codec): payload of \(bytes) bytes is longer than the \(max) bytes of a 120 ms frame"
        case let .malformedPayload(codec, bytes, reason): "\(codec): payload of \(bytes) bytes: \(reason)"
        case let .bufferTooSmall(what, needed, available): "\(what) holds \(available); \(needed) are needed"
        case let .codec(error): error.description
        }
    }
}
