/// Why bytes could not be read as an RTP, RTCP or RFC 4733 packet. Each case says what was
/// wrong and where (byte offsets), so a capture can be checked by hand.
public enum RTPParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Fewer bytes than the fixed part needs (`needed` bytes at least, `got` present).
    case tooShort(what: String, needed: Int, got: Int)
    /// The version field (top two bits of byte 0) is not 2.
    case badVersion(Int)
    /// The padding count in the last byte is 0 or more than the bytes after the header.
    case badPadding(count: Int, room: Int)
    /// The CSRC list runs past the end of the packet.
    case csrcOverrun(csrcCount: Int, packetBytes: Int)
    /// The header extension (RFC 3550 §5.3.1) runs past the end of the packet.
    case extensionOverrun(lengthWords: Int, offset: Int, packetBytes: Int)
    /// An RTCP packet's length field runs past the end of the datagram or is not whole words.
    case lengthOverrun(what: String, declaredBytes: Int, availableBytes: Int)
    /// An RTCP packet type this parser does not accept where one is required.
    case unexpectedPacketType(got: Int, expected: String)
    /// A field holds a value the format forbids.
    case invalidField(String)

    public var description: String {
        switch self {
        case let .tooShort(what, needed, got):
            "\(what): \(got) bytes; at least \(needed) are needed"
        case let .badVersion(v):
            "RTP version \(v) in the top two bits of byte 0; RFC 3550 requires 2"
        case let .badPadding(count, room):
            "RTP padding count \(count) (last byte); it must be 1…\(room), the bytes after the header"
        case let .csrcOverrun(count, bytes):
            "RTP CSRC count \(count) needs \(12 + 4 * count) bytes; the packet has \(bytes)"
        case let .extensionOverrun(words, offset, bytes):
            "RTP header extension of \(words) words at byte \(offset) ends at \(offset + 4 + 4 * words); the packet has \(bytes)"
        case let .lengthOverrun(what, declared, available):
            "\(what): length field says \(declared) bytes; \(available) are available"
        case let .unexpectedPacketType(got, expected):
            "RTCP packet type \(got); expected \(expected)"
        case let .invalidField(message):
            message
        }
    }
}

/// Why a packet could not be written into a caller's buffer.
public enum RTPBuildError: Error, Sendable, Equatable, CustomStringConvertible {
    case bufferTooSmall(needed: Int, available: Int)
    case invalidField(String)

    public var description: String {
        switch self {
        case let .bufferTooSmall(needed, available):
            "output buffer holds \(available) bytes; the packet needs \(needed)"
        case let .invalidField(message):
            message
        }
    }
}
