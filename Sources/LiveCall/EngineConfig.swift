import AudioCore
import Analysis

/// How a server takes calls. Defaults follow the peers where they have one (README "Live calls").
public struct EngineConfig: Sendable {
    /// The address RTP sockets bind to.
    public var bindHost = "127.0.0.1"
    /// The address the engine gives gateways for its RTP (in answers and SDP); `bindHost` when nil.
    public var advertisedHost: String?
    /// RTP ports (even: RTP, odd: RTCP): Asterisk's rtp.conf default, 10000–20000, below Linux's
    /// ephemeral range (32768–60999), where any other socket's automatic port could take one.
    public var rtpPorts: ClosedRange<Int> = 10000...19999
    /// Calls at once; more are refused with 503 (never degraded).
    public var maxCalls = 100
    public var rate: PipelineRate = .narrowband
    public var listener = ListenerConfig()
    /// The voice of calls that name none.
    public var defaultVoice = "claims-24x7"
    /// Without caller media this long after the call opens, the call starts anyway.
    public var mediaStartTimeoutMs = 2000.0
    /// Ended calls kept for GET /v1/calls/{id}.
    public var endedCallsKept = 1000
    /// When processing counts as falling behind, so new calls are refused (README "Capacity and
    /// overload").
    public var overload = OverloadDetector.Configuration()

    public init() {}

    var answerHost: String { advertisedHost ?? bindHost }
}
