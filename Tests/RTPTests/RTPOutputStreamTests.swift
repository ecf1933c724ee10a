import AudioCore
import Testing
import RTP
import TestSupport

@Suite struct RTPOutputStreamTests {
    @Test("sequence numbers and timestamps run on across silence; the marker starts each talk spurt")
    func continuityAndMarker() {
        var s = RTPOutputStream(payloadType: 0, ssrc: 77, initialSequenceNumber: 65534, initialTimestamp: 0xFFFF_FF00)
        let a = s.nextAudioHeader(samples: 160, payloadBytes: 160)
        let b = s.nextAudioHeader(samples: 160, payloadBytes: 160)
        s.skip(samples: 800)  // 100 ms of silence between two prompts
        let c = s.nextAudioHeader(samples: 160, payloadBytes: 160)
        let d = s.nextAudioHeader(samples: 160, payloadBytes: 160)
        #expect([a, b, c, d].map(\.sequenceNumber) == [65534, 65535, 0, 1])
        #expect([a, b, c, d].map(\.timestamp) == [0xFFFF_FF00, 0xFFFF_FFA0, 0x0000_0360, 0x0000_0400])
        #expect([a, b, c, d].map(\.marker) == [true, false, true, false])
        #expect(s.packetCount == 4 && s.octetCount == 640)
    }

    @Test("events take sequence numbers but not audio time")
    func eventsShareSequence() {
        var s = RTPOutputStream(payloadType: 8, ssrc: 1, initialSequenceNumber: 10, initialTimestamp: 1000)
        _ = s.nextAudioHeader(samples: 160, payloadBytes: 160)
        let e = s.nextEventHeader(payloadType: 101, marker: true, timestamp: s.timestamp)
        #expect(e.sequenceNumber == 11 && e.timestamp == 1160 && e.payloadType == 101)
        #expect(s.timestamp == 1160)
        #expect(s.nextAudioHeader(samples: 160, payloadBytes: 160).sequenceNumber == 12)
    }

    @Test("random initial values come from the injected generator: same seed, same stream")
    func seeded() {
        var g1 = SplitMix64(seed: 9)
        var g2 = SplitMix64(seed: 9)
        var g3 = SplitMix64(seed: 10)
        let s1 = RTPOutputStream(payloadType: 0, using: &g1)
        let s2 = RTPOutputStream(payloadType: 0, using: &g2)
        let s3 = RTPOutputStream(payloadType: 0, using: &g3)
        #expect(s1 == s2)
        #expect(s1.ssrc != s3.ssrc)
    }
}
