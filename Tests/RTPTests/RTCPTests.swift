import Testing
import RTP

@Suite struct RTCPTests {
    let block = RTCPReportBlock(ssrc: 0xAABB_CCDD, fractionLost: 85, cumulativeLost: -1, extendedHighestSequence: 0x0001_0005,
                                jitter: 9, lastSenderReport: 0x1234_5678, delaySinceLastSenderReport: 0x0001_8000)

    @Test("SR + SDES compound: header words and lengths as RFC 3550 §6.4.1/§6.5 lay them out")
    func senderReportLayout() throws {
        let info = RTCPSenderInfo(ntpTimestamp: 0xE000_0001_8000_0000, rtpTimestamp: 160_000, packetCount: 1000, octetCount: 160_000)
        let bytes = RTCPPacket.buildCompound(ssrc: 0x0102_0304, sender: info, reports: [block], cname: "ivr@host")
        // SR: V=2 RC=1, PT 200, length 12 (13 words); SDES: V=2 SC=1, PT 202, length 4 (16-byte chunk).
        #expect(bytes.count == 52 + 20)
        #expect(Array(bytes[0..<4]) == [0x81, 200, 0x00, 12])
        #expect(Array(bytes[28..<36]) == [0xAA, 0xBB, 0xCC, 0xDD, 85, 0xFF, 0xFF, 0xFF])  // fraction 85, lost −1 in 24 bits
        #expect(Array(bytes[52..<56]) == [0x81, 202, 0x00, 4])
        #expect(Array(bytes[60..<62]) == [1, 8])  // CNAME item, 8 bytes
        #expect(Array(bytes[70..<72]) == [0, 0])  // null item + padding

        let parsed = try RTCPPacket.parseCompound(bytes)
        #expect(parsed == [
            .senderReport(ssrc: 0x0102_0304, sender: info, reports: [block]),
            .sourceDescription([.init(ssrc: 0x0102_0304, cname: "ivr@host")]),
        ])
        #expect(info.compactNTP == 0x0001_8000)
    }

    @Test("RR + SDES compound round-trips; an RR has no sender info")
    func receiverReportRoundTrip() throws {
        let bytes = RTCPPacket.buildCompound(ssrc: 9, sender: nil, reports: [block, block], cname: "a")
        #expect(Array(bytes[0..<4]) == [0x82, 201, 0x00, 13])
        #expect(try RTCPPacket.parseCompound(bytes) == [
            .receiverReport(ssrc: 9, reports: [block, block]),
            .sourceDescription([.init(ssrc: 9, cname: "a")]),
        ])
    }

    @Test("malformed compounds are rejected with the reason")
    func malformed() {
        var bytes = RTCPPacket.buildCompound(ssrc: 9, sender: nil, reports: [block], cname: "abc")
        #expect(throws: RTPParseError.self) { try RTCPPacket.parseCompound(Array(bytes.dropLast(4))) }
        bytes[3] = 200  // length beyond the datagram
        #expect(throws: RTPParseError.lengthOverrun(what: "RTCP packet type 201 at byte 0", declaredBytes: 804, availableBytes: bytes.count)) {
            try RTCPPacket.parseCompound(bytes)
        }
        let sdesFirst = Array(RTCPPacket.buildCompound(ssrc: 9, sender: nil, reports: [], cname: "x").dropFirst(8))
        #expect(throws: RTPParseError.unexpectedPacketType(got: 202, expected: "SR (200) or RR (201) first in a compound packet")) {
            try RTCPPacket.parseCompound(sdesFirst)
        }
    }
}

@Suite struct ReceptionStatisticsTests {
    /// RFC 3550 A.8 by hand: 8 kHz, 20 ms packets (160 units), arrivals 100, 120, 150, 160, 180 ms.
    /// Transits (units): 800, 800, 880, 800, 800 → |D| = 0, 80, 80, 0 →
    /// J = 0 → 5 → 5 + 75/16 = 9.6875 → 9.6875 − 9.6875/16 = 9.08203125.
    @Test("interarrival jitter follows A.8 on a hand-made arrival sequence")
    func jitterA8() {
        var stats = ReceptionStatistics(ssrc: 1, clockRateHz: 8000, firstSequenceNumber: 10, minSequential: 1)
        let arrivals: [Double] = [100, 120, 150, 160, 180]
        for (i, ms) in arrivals.enumerated() {
            stats.record(sequenceNumber: UInt16(10 + i), timestamp: UInt32(160 * i), arrivalMs: ms)
        }
        #expect(stats.jitter == 9.08203125)
        #expect(abs(stats.jitterMs - 9.08203125 / 8) < 1e-12)
        #expect(stats.makeReportBlock().jitter == 9)
    }

    @Test("expected, lost and fraction lost follow A.3; duplicates and late packets are counted")
    func lossA3() {
        var stats = ReceptionStatistics(ssrc: 1, clockRateHz: 8000, firstSequenceNumber: 100, minSequential: 1)
        for seq: UInt16 in [100, 101, 103, 105] { stats.record(sequenceNumber: seq, timestamp: 0, arrivalMs: 0) }
        #expect(stats.expected == 6)
        #expect(stats.received == 4)
        #expect(stats.cumulativeLost == 2)
        let first = stats.makeReportBlock()
        #expect(first.fractionLost == 85)  // (2 << 8) / 6
        #expect(first.cumulativeLost == 2)
        #expect(first.extendedHighestSequence == 105)
        for seq: UInt16 in [106, 107, 107] { stats.record(sequenceNumber: seq, timestamp: 0, arrivalMs: 0) }
        #expect(stats.duplicates == 1)
        #expect(stats.takeFractionLost() == 0)  // 2 expected, 3 received in the interval
        #expect(stats.cumulativeLost == 1)
        stats.record(sequenceNumber: 104, timestamp: 0, arrivalMs: 0)
        #expect(stats.late == 1)
        #expect(stats.cumulativeLost == 0)
    }

    @Test("a duplicate hides a loss in A.3's cumulative count, not in the packets never received")
    func duplicatesDoNotHideLosses() {
        var stats = ReceptionStatistics(ssrc: 1, clockRateHz: 8000, firstSequenceNumber: 100, minSequential: 1)
        for seq: UInt16 in [100, 101, 101, 103, 104, 104, 106] { stats.record(sequenceNumber: seq, timestamp: 0, arrivalMs: 0) }
        #expect(stats.duplicates == 2)
        #expect(stats.cumulativeLost == 0)  // 7 expected, 7 received (A.3)
        #expect(stats.neverReceived == 2)  // 102 and 105
        #expect(stats.makeReportBlock().cumulativeLost == 0)  // RTCP stays A.3
        stats.record(sequenceNumber: 105, timestamp: 0, arrivalMs: 0)
        #expect(stats.neverReceived == 1 && stats.late == 1)
    }

    @Test("packets reordered before the source was valid (A.1 probation) are not taken for losses")
    func reorderedBeforeValidation() {
        var stats = ReceptionStatistics(ssrc: 1, clockRateHz: 8000, firstSequenceNumber: 10)
        for seq: UInt16 in [10, 11, 7, 9, 12, 14] { stats.record(sequenceNumber: seq, timestamp: 0, arrivalMs: 0) }
        #expect(stats.expected == 4 && stats.received == 5)  // A.1 counts from 11 (the second of two in sequence)
        #expect(stats.cumulativeLost == -1)
        #expect(stats.neverReceived == 2)  // 8 and 13
        #expect(stats.late == 2 && stats.duplicates == 0)
        stats.record(sequenceNumber: 10, timestamp: 0, arrivalMs: 0)  // the probation packet again
        #expect(stats.duplicates == 1 && stats.neverReceived == 2)
    }

    @Test("losses among the packets heard while the source was on probation count once it is valid")
    func lossesOnProbation() {
        var stats = ReceptionStatistics(ssrc: 1, clockRateHz: 8000, firstSequenceNumber: 0)
        // 3 and 5 each restart A.1's probation after a loss (1, 2 and 4 lost); 5, 6 validate it.
        for seq: UInt16 in [0, 3, 5, 6, 7] { stats.record(sequenceNumber: seq, timestamp: 0, arrivalMs: 0) }
        #expect(stats.expected == 2 && stats.received == 2)  // A.1 counts from 6
        #expect(stats.neverReceived == 3)  // 1, 2 and 4
        stats.record(sequenceNumber: 3, timestamp: 0, arrivalMs: 0)  // a probation packet again
        #expect(stats.duplicates == 1 && stats.neverReceived == 3)
        stats.record(sequenceNumber: 2, timestamp: 0, arrivalMs: 0)  // a loss that was late
        #expect(stats.neverReceived == 2)
    }

    @Test("a packet without a sampling timestamp (an RFC 4733 event) is counted, not in the jitter")
    func eventsCountButDoNotMoveTheJitter() {
        var stats = ReceptionStatistics(ssrc: 1, clockRateHz: 8000, firstSequenceNumber: 10, minSequential: 1)
        stats.record(sequenceNumber: 10, timestamp: 0, arrivalMs: 0)
        stats.record(sequenceNumber: 11, timestamp: nil, arrivalMs: 55)  // an event, its start's timestamp
        stats.record(sequenceNumber: 12, timestamp: 320, arrivalMs: 40)
        #expect(stats.jitter == 0)
        #expect(stats.neverReceived == 0 && stats.expected == 3)
    }

    @Test("sequence numbers wrapping through 65535 keep counting")
    func wrap() {
        var stats = ReceptionStatistics(ssrc: 1, clockRateHz: 8000, firstSequenceNumber: 65534, minSequential: 1)
        for seq: UInt16 in [65534, 65535, 0, 2] { stats.record(sequenceNumber: seq, timestamp: 0, arrivalMs: 0) }
        #expect(stats.extendedHighestSequence == 65538)
        #expect(stats.expected == 5)
        #expect(stats.cumulativeLost == 1)
    }
}
