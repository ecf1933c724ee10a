import Media
import SDP

/// The codec a call's RTP uses, as agreed with the gateway (by SDP offer/answer or by name): the
/// media layer's codec, the payload type it travels on, and the telephone-event payload type.
public struct NegotiatedCodec: Sendable, Equatable {
    /// The codec names the engine speaks, as SDP and `OpenCallRequest` spell them.
    public enum Kind: String, Sendable, CaseIterable {
        case pcmu = "PCMU", pcma = "PCMA", l16 = "L16", opus = "opus"
    }
    /// The media layer's codec (decoder and encoder); it gives the kind and the RTP clock.
    public var mediaCodec: MediaCodec
    /// The audio payload type on the wire: the codec's own, except that an offer (or a request)
    /// may map G.711 to another type than its static 0 or 8, which `MediaCodec` does not carry.
    public var payloadType: UInt8
    /// RFC 4733 telephone-event payload type (in and out).
    public var telephoneEventPayloadType: UInt8

    /// `payloadType` nil: the codec's own.
    public init(mediaCodec: MediaCodec, payloadType: UInt8? = nil, telephoneEventPayloadType: UInt8 = 101) {
        self.mediaCodec = mediaCodec
        self.payloadType = payloadType ?? mediaCodec.payloadType
        self.telephoneEventPayloadType = telephoneEventPayloadType
    }

    public var kind: Kind {
        switch mediaCodec {
        case .pcmu: .pcmu
        case .pcma: .pcma
        case .l16: .l16
        case .opus: .opus
        }
    }

    /// The RTP clock: 8000 for G.711, the L16 rate, 48000 for Opus (RFC 7587).
    public var clockRateHz: Int { mediaCodec.rtpClockRateHz }

    /// By name (PCMU, PCMA, L16, opus; case-insensitive) with the usual payload types.
    public init(name: String, payloadType: Int?, pipelineRateHz: Int) throws(OpenCallError) {
        guard let kind = Kind.allCases.first(where: { $0.rawValue.lowercased() == name.lowercased() }) else {
            throw .invalid("unknown codec \"\(name)\"; use one of PCMU, PCMA, L16, opus")
        }
        let pt: Int
        switch kind {
        case .pcmu: pt = payloadType ?? 0
        case .pcma: pt = payloadType ?? 8
        case .l16: pt = payloadType ?? 96
        case .opus: pt = payloadType ?? 111
        }
        guard (0...127).contains(pt), pt != 101 else {
            throw .invalid("payloadType \(pt) is not usable for audio: use 0–127 except 101 (telephone-event)")
        }
        self.init(mediaCodec: kind.mediaCodec(payloadType: UInt8(pt), l16RateHz: pipelineRateHz), payloadType: UInt8(pt))
    }

    /// The first audio codec of the offer we can speak (the offerer's order, RFC 3264), with its
    /// telephone-event type when offered.
    public init(offer: SessionDescription) throws(OpenCallError) {
        let events = offer.offered.first { $0.encoding.lowercased() == "telephone-event" && $0.clockRateHz == 8000 }
        for map in offer.offered {
            guard let kind = Kind.allCases.first(where: { $0.rawValue.lowercased() == map.encoding.lowercased() }) else { continue }
            let usable = switch kind {
            case .pcmu, .pcma: map.clockRateHz == 8000
            case .l16: (map.clockRateHz == 8000 || map.clockRateHz == 16000) && map.channels == 1
            case .opus: map.clockRateHz == 48000
            }
            guard usable else { continue }
            self.init(mediaCodec: kind.mediaCodec(payloadType: map.payloadType, l16RateHz: map.clockRateHz),
                      payloadType: map.payloadType, telephoneEventPayloadType: events?.payloadType ?? 101)
            return
        }
        throw .invalid("the offer has no codec the engine speaks (offered: "
            + offer.offered.map { "\($0.encoding)/\($0.clockRateHz)" }.joined(separator: ", ")
            + "); it speaks PCMU/8000, PCMA/8000, L16/8000|16000 and opus/48000/2")
    }

    /// The answer to an offer (or an offer for a peer): our address and port, this codec, and
    /// telephone-event.
    public func sessionDescription(address: String, port: Int) -> SessionDescription {
        let channels = kind == .opus ? 2 : 1
        return SessionDescription(
            address: address, port: port, payloadTypes: [payloadType, telephoneEventPayloadType],
            rtpMaps: [payloadType: RTPMap(payloadType: payloadType, encoding: kind.rawValue, clockRateHz: clockRateHz,
                                          channels: channels),
                      telephoneEventPayloadType: RTPMap(payloadType: telephoneEventPayloadType, encoding: "telephone-event",
                                                        clockRateHz: 8000)],
            formatParameters: [telephoneEventPayloadType: "0-16"], packetTimeMs: 20)
    }
}

extension NegotiatedCodec.Kind {
    /// The media layer's codec of this kind; G.711 keeps its static type here (the wire type is
    /// `NegotiatedCodec.payloadType`).
    func mediaCodec(payloadType: UInt8, l16RateHz: Int) -> MediaCodec {
        switch self {
        case .pcmu: .pcmu
        case .pcma: .pcma
        case .l16: .l16(sampleRateHz: l16RateHz, payloadType: payloadType)
        case .opus: .opus(payloadType: payloadType)
        }
    }
}
