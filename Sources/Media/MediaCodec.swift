import AudioCore

/// An audio payload format negotiated for an RTP stream (RFC 3551 static types, RFC 7587 Opus).
public enum MediaCodec: Sendable, Hashable {
    /// G.711 µ-law, static payload type 0, 8 kHz.
    case pcmu
    /// G.711 A-law, static payload type 8, 8 kHz.
    case pcma
    /// 16-bit linear PCM, network byte order (RFC 3551 §4.5.11), mono, dynamic payload type.
    case l16(sampleRateHz: Int, payloadType: UInt8)
    /// Opus (RFC 7587): dynamic payload type, RTP clock 48 kHz whatever the audio bandwidth.
    case opus(payloadType: UInt8)

    public var payloadType: UInt8 {
        switch self {
        case .pcmu: 0
        case .pcma: 8
        case let .l16(_, pt), let .opus(pt): pt
        }
    }

    /// The RTP timestamp clock (RFC 3551 Table 4; RFC 7587 §4.1: always 48000 for Opus).
    public var rtpClockRateHz: Int {
        switch self {
        case .pcmu, .pcma: 8000
        case let .l16(rate, _): rate
        case .opus: 48000
        }
    }

    /// The `a=rtpmap` value: encoding name / clock rate [/ channels].
    public var rtpmap: String {
        switch self {
        case .pcmu: "PCMU/8000"
        case .pcma: "PCMA/8000"
        case let .l16(rate, _): "L16/\(rate)"
        case .opus: "opus/48000/2"  // RFC 7587 §7: always two channels in SDP, mono is fine
        }
    }

    public var name: String {
        switch self {
        case .pcmu: "PCMU"
        case .pcma: "PCMA"
        case .l16: "L16"
        case .opus: "Opus"
        }
    }

    /// The rate the codec's samples are at before any resampling to the pipeline rate:
    /// G.711 8 kHz, L16 its own rate, Opus decodes and encodes at the pipeline rate itself.
    public func codecRateHz(pipelineRate: PipelineRate) -> Int {
        switch self {
        case .pcmu, .pcma: 8000
        case let .l16(rate, _): rate
        case .opus: pipelineRate.hz
        }
    }

    /// L16 rates this layer runs (the two pipeline rates).
    public static let l16RatesHz = [8000, 16000]
}

/// RFC 4733 telephone events as negotiated in SDP (`a=rtpmap:101 telephone-event/8000`,
/// `a=fmtp:101 0-15`).
public struct TelephoneEventFormat: Sendable, Hashable {
    public var payloadType: UInt8
    public var clockRateHz: Int
    public init(payloadType: UInt8 = 101, clockRateHz: Int = 8000) {
        self.payloadType = payloadType
        self.clockRateHz = clockRateHz
    }
    public var rtpmap: String { "telephone-event/\(clockRateHz)" }
}
