import LiveCall
import Media
import SDP
import Testing

/// The codec a call agrees on: the media layer's codec, its payload type on the wire, and the
/// telephone-event type — by name or from an SDP offer.
@Suite struct NegotiatedCodecTests {
    @Test func namesGiveTheUsualPayloadTypesAndClocks() throws {
        let pcmu = try NegotiatedCodec(name: "pcmu", payloadType: nil, pipelineRateHz: 16000)
        #expect(pcmu.mediaCodec == .pcmu && pcmu.payloadType == 0 && pcmu.clockRateHz == 8000 && pcmu.kind == .pcmu)
        let l16 = try NegotiatedCodec(name: "L16", payloadType: nil, pipelineRateHz: 16000)
        #expect(l16.mediaCodec == .l16(sampleRateHz: 16000, payloadType: 96) && l16.payloadType == 96 && l16.clockRateHz == 16000)
        let opus = try NegotiatedCodec(name: "OPUS", payloadType: 120, pipelineRateHz: 8000)
        #expect(opus.mediaCodec == .opus(payloadType: 120) && opus.payloadType == 120 && opus.clockRateHz == 48000)
        #expect(opus.kind.rawValue == "opus" && opus.telephoneEventPayloadType == 101)
        #expect(throws: OpenCallError.self) { try NegotiatedCodec(name: "PCMU", payloadType: 101, pipelineRateHz: 8000) }
    }

    /// An offer may put PCMU on a dynamic type: the call sends and expects that type, and answers with it.
    @Test func g711OnADynamicTypeKeepsItsWireType() throws {
        let offer = SessionDescription(
            address: "127.0.0.1", port: 40000, payloadTypes: [98, 100],
            rtpMaps: [98: RTPMap(payloadType: 98, encoding: "PCMU", clockRateHz: 8000),
                      100: RTPMap(payloadType: 100, encoding: "telephone-event", clockRateHz: 8000)])
        let codec = try NegotiatedCodec(offer: offer)
        #expect(codec.mediaCodec == .pcmu && codec.payloadType == 98 && codec.telephoneEventPayloadType == 100)
        let answer = codec.sessionDescription(address: "127.0.0.1", port: 20000)
        #expect(answer.payloadTypes == [98, 100])
        #expect(answer.rtpMaps[98] == RTPMap(payloadType: 98, encoding: "PCMU", clockRateHz: 8000))
    }
}
