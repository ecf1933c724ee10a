import Session

/// What the control API says about a call: who, how, where, and how its media is going.
public struct CallInfo: Sendable, Equatable, Codable {
    public var id: String
    public var voice: String
    /// The negotiated codec: PCMU, PCMA, L16, opus.
    public var codec: String
    public var payloadType: Int
    /// The telephone-event payload type (RFC 4733) the engine accepts and sends.
    public var telephoneEventPayloadType: Int
    /// active | ended
    public var state: String
    public var callerID: String?
    /// The engine's RTP address: where the gateway sends the caller's audio.
    public var rtp: RTPAddress
    /// The gateway's RTP address: where the engine sends its audio.
    public var remote: RTPAddress
    /// The SDP answer, when the call was opened with an offer.
    public var sdp: String?
    public var outcome: CallOutcome?
    public var durationSec: Double
    public var media: MediaStatistics
}

public struct RTPAddress: Sendable, Equatable, Codable {
    public var address: String
    public var port: Int
    public init(address: String, port: Int) {
        self.address = address
        self.port = port
    }
}

/// Per-call media counters (RFC 3550 reception statistics, the jitter buffer's, the sender's).
public struct MediaStatistics: Sendable, Equatable, Codable {
    public var packetsReceived = 0
    public var packetsSent = 0
    /// The caller's packets the network lost: sequence numbers up to the highest received that
    /// never arrived (RFC 3550 A.1 validation; unlike A.3's cumulative loss in RTCP reports, a
    /// duplicate does not hide a loss).
    public var packetsLost = 0
    /// Arrived after their playout time (reordered or delayed too long): received, not played.
    public var packetsLate = 0
    /// The same sequence number received again: dropped.
    public var packetsDuplicated = 0
    /// 10 ms hops the decoder filled by concealment (PLC/FEC) or silence.
    public var concealedHops = 0
    /// RFC 3550 A.8 interarrival jitter, ms.
    public var jitterMs = 0.0
    /// From an address other than the call's remote: dropped.
    public var packetsFromOtherSources = 0
    /// Not RTP, or damaged (short, wrong version, bad padding, CSRC or extension overruns): dropped.
    public var packetsMalformed = 0
    /// A payload type the call did not negotiate: dropped.
    public var packetsUnknownPayloadType = 0
    /// RTCP compound packets received from the gateway, and damaged ones dropped.
    public var rtcpReceived = 0
    public var rtcpMalformed = 0
    /// RTCP sender reports sent (every 5 s, RFC 3550's minimum interval).
    public var rtcpSent = 0
    /// Digits received as RFC 4733 events.
    public var telephoneEvents = 0
    /// 20 ms output packets sent later than one packet time after their due time.
    public var lateOutputPackets = 0
    /// Processing time of one 10 ms session hop (listener, dialogue, player), µs: median, 99th
    /// percentile, worst.
    public var hopProcessingP50Us = 0.0
    public var hopProcessingP99Us = 0.0
    public var hopProcessingMaxUs = 0.0
    public init() {}
}

/// A call opening or ending, for whoever keeps records or counts calls.
public enum CallLifecycle: Sendable {
    case opened(CallInfo)
    /// The call is over: its final state and complete record.
    case ended(CallInfo, CallRecord)
}
