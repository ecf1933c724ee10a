/// What a gateway asks for when it opens a call.
public struct OpenCallRequest: Sendable, Equatable, Codable {
    /// A voice id (`voices/<id>.yaml`); the server's default when absent.
    public var voice: String?
    /// PCMU (default), PCMA, L16 or opus; ignored when `sdp` is given (the offer decides).
    public var codec: String?
    /// The payload type for a dynamic codec (opus: 111, L16: 96 when absent).
    public var payloadType: Int?
    /// Where the engine sends its audio: the gateway's RTP address (or give `sdp`).
    public var remote: RTPAddress?
    /// An SDP offer (RFC 3264): its first audio stream gives the remote address and codecs.
    public var sdp: String?
    /// The caller's number or name, for the record.
    public var callerID: String?

    public init(voice: String? = nil, codec: String? = nil, payloadType: Int? = nil, remote: RTPAddress? = nil,
                sdp: String? = nil, callerID: String? = nil) {
        self.voice = voice
        self.codec = codec
        self.payloadType = payloadType
        self.remote = remote
        self.sdp = sdp
        self.callerID = callerID
    }
}

/// Why a call could not be opened; the control API maps each to an HTTP status.
public enum OpenCallError: Error, Equatable, CustomStringConvertible {
    /// The request itself is wrong (400).
    case invalid(String)
    /// No such voice (404).
    case unknownVoice(id: String, available: [String])
    /// The engine is full, falling behind, out of ports or shutting down (503): why, and in words.
    case unavailable(RefusalReason, String)

    public var description: String {
        switch self {
        case .invalid(let why): return why
        case .unknownVoice(let id, let available):
            return "no voice \"\(id)\"; available: \(available.joined(separator: ", "))"
        case .unavailable(_, let why): return why
        }
    }
}

/// Why the engine refused a call it would otherwise take (503) — the `reason` label of
/// `ivr_calls_refused_total`.
public enum RefusalReason: String, Sendable, CaseIterable {
    /// At `--max-calls`.
    case maxCalls = "max_calls"
    /// Processing is falling behind: its media clock ticks run late (`OverloadDetector`).
    case overload
    /// No free RTP port in the range, or the port could not be bound.
    case noPort = "no_port"
    /// The server is shutting down.
    case shuttingDown = "shutting_down"
}
