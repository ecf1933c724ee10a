import Testing
import RTP

@Suite struct RTPSerialTests {
    @Test("sequence numbers compare across the wrap")
    func sequenceWrap() {
        #expect(RTPSerial.isNewer(UInt16(0), than: 65535))
        #expect(RTPSerial.isNewer(UInt16(10), than: 65530))
        #expect(!RTPSerial.isNewer(UInt16(65530), than: 10))
        #expect(RTPSerial.distance(from: UInt16(65530), to: 10) == 16)
        #expect(RTPSerial.distance(from: UInt16(10), to: 65530) == -16)
        // Exactly half the space apart: newer in neither direction.
        #expect(!RTPSerial.isNewer(UInt16(0x8000), than: 0) && !RTPSerial.isNewer(UInt16(0), than: 0x8000))
    }

    @Test("timestamps compare across the 32-bit wrap")
    func timestampWrap() {
        #expect(RTPSerial.isNewer(UInt32(100), than: 0xFFFF_FF00))
        #expect(RTPSerial.distance(from: UInt32(0xFFFF_FF00), to: 100) == 356)
        var unwrapper = TimestampUnwrapper()
        #expect(unwrapper.extend(0xFFFF_FF60) == 0xFFFF_FF60)
        #expect(unwrapper.extend(0x0000_0000) == 0x1_0000_0000)
        #expect(unwrapper.extend(0xFFFF_FFF0) == 0xFFFF_FFF0)  // a reordered one from before the wrap
        #expect(unwrapper.extend(0x0000_00A0) == 0x1_0000_00A0)
    }

    @Test("RFC 3550 A.1: extended sequence numbers, probation, a confirmed restart")
    func extendedSequence() {
        var t = SequenceTracker(firstSequence: 65534)
        #expect(t.update(65534) == .probation)
        #expect(t.update(65535) == .restarted(extended: 65535))
        #expect(t.update(0) == .accepted(extended: 65536))
        #expect(t.update(1) == .accepted(extended: 65537))
        #expect(t.update(65535) == .accepted(extended: 65535))  // reordered from before the wrap
        #expect(t.update(20000) == .jump)                        // more than 3000 ahead: held
        #expect(t.update(20001) == .restarted(extended: 20001))  // confirmed by the next one
        #expect(t.received == 1)
    }
}
