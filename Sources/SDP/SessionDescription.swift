/// The parts of an SDP (RFC 8866) audio offer or answer an RTP endpoint needs: where to send,
/// and which payload types mean which codec. Pure: text in, values out.
public struct SessionDescription: Sendable, Equatable {
    /// The connection address (`c=`, media-level over session-level).
    public var address: String
    /// The audio stream's port (`m=audio PORT RTP/AVP …`).
    public var port: Int
    /// Payload types in the order the `m=` line lists them (the offerer's preference).
    public var payloadTypes: [UInt8]
    /// `a=rtpmap` entries, plus the static types (0 PCMU, 8 PCMA) when listed without one.
    public var rtpMaps: [UInt8: RTPMap]
    /// `a=fmtp` parameters per payload type.
    public var formatParameters: [UInt8: String]
    /// `a=ptime` in ms, when given.
    public var packetTimeMs: Int?

    public init(address: String, port: Int, payloadTypes: [UInt8], rtpMaps: [UInt8: RTPMap],
                formatParameters: [UInt8: String] = [:], packetTimeMs: Int? = nil) {
        self.address = address
        self.port = port
        self.payloadTypes = payloadTypes
        self.rtpMaps = rtpMaps
        self.formatParameters = formatParameters
        self.packetTimeMs = packetTimeMs
    }

    /// The offered payload types with their maps, in preference order.
    public var offered: [RTPMap] { payloadTypes.compactMap { rtpMaps[$0] } }
}

/// One `a=rtpmap:PT ENCODING/CLOCK[/CHANNELS]` entry.
public struct RTPMap: Sendable, Equatable {
    public var payloadType: UInt8
    /// As written, e.g. "PCMU", "opus", "telephone-event" (compare case-insensitively).
    public var encoding: String
    public var clockRateHz: Int
    public var channels: Int

    public init(payloadType: UInt8, encoding: String, clockRateHz: Int, channels: Int = 1) {
        self.payloadType = payloadType
        self.encoding = encoding
        self.clockRateHz = clockRateHz
        self.channels = channels
    }

    /// RFC 3551's static audio types that need no rtpmap.
    static let staticTypes: [UInt8: RTPMap] = [
        0: RTPMap(payloadType: 0, encoding: "PCMU", clockRateHz: 8000),
        8: RTPMap(payloadType: 8, encoding: "PCMA", clockRateHz: 8000),
    ]
}

/// Why an SDP could not be used, with the line it is about.
public enum SDPError: Error, Equatable, CustomStringConvertible {
    case missing(String)
    case malformed(line: Int, text: String, expected: String)
    case tooLarge(bytes: Int, limit: Int)

    public var description: String {
        switch self {
        case .missing(let what): return "the SDP has no \(what)"
        case .malformed(let line, let text, let expected):
            return "SDP line \(line) \"\(text.prefix(80))\": expected \(expected)"
        case .tooLarge(let bytes, let limit): return "the SDP is \(bytes) bytes; at most \(limit) are accepted"
        }
    }
}
