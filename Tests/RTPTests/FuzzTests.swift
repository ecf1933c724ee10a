import AudioCore
import Testing
import RTP
import TestSupport

/// A million valid-then-damaged packets through the parser, the jitter buffer and the
/// telephone-event receiver: nothing may trap, and the buffer's books must balance.
@Suite struct FuzzTests {
    static let iterations = 1_000_000

    @Test("1,000,000 random and mutated packets: no crash, consistent counters")
    func fuzz() throws {
        var rng = SplitMix64(seed: 0x5EED_2026)
        var buffer = JitterBuffer<Int>(configuration: JitterBufferConfiguration(clockRateHz: 8000))
        var receiver = TelephoneEventReceiver()
        var reception = ReceptionStatistics(ssrc: 1, clockRateHz: 8000, firstSequenceNumber: 100)
        var datagram = [UInt8](repeating: 0, count: 512)
        let payload = [UInt8](repeating: 0xD5, count: 320)
        let ext = [UInt8](repeating: 0xAB, count: 16)
        var seq: UInt16 = 100
        var ts: UInt32 = 0xFFFF_0000  // wraps during the run
        var now = 0.0
        var parsed = 0, rejected = 0, eventPackets = 0, events = 0, popped = 0, badLayouts = 0

        for i in 0..<Self.iterations {
            let r = rng.next()
            let payloadBytes = [0, 4, 80, 160, 240, 320][Int(r % 6)]
            let header = RTPHeader(marker: r & 0x100 != 0, payloadType: (r >> 9) & 7 == 0 ? 101 : 0,
                                   sequenceNumber: seq, timestamp: ts, ssrc: (r >> 12) & 0xFF == 0 ? 2 : 1)
            var n = datagram.withUnsafeMutableBytes { out in
                payload.withUnsafeBytes { p in
                    ext.withUnsafeBytes { e in
                        (try? RTPPacket.write(header: header, payload: UnsafeRawBufferPointer(rebasing: p[..<payloadBytes]),
                                              into: out, csrcs: (r >> 20) & 3 == 0 ? [1, 2] : [],
                                              headerExtension: (r >> 22) & 3 == 0 ? (0xBEDE, UnsafeRawBufferPointer(rebasing: e[..<(Int((r >> 24) & 3) * 4)])) : nil,
                                              paddingCount: Int((r >> 26) & 3))) ?? 0
                    }
                }
            }
            // Damage most packets.
            let m = rng.next()
            switch m % 8 {
            case 0: break
            case 1: for _ in 0...(m >> 8) % 3 { let bit = Int((m >> 16) % UInt64(n * 8)); datagram[bit / 8] ^= 1 << (bit % 8) }
            case 2: n = Int((m >> 8) % UInt64(n + 1))                                          // truncate
            case 3: datagram[0] = (datagram[0] & 0xF0) | UInt8((m >> 8) & 0x0F)                // absurd CSRC count
            case 4: datagram[0] |= 0x10; datagram[12] = UInt8(truncatingIfNeeded: m >> 8)      // extension …
                datagram[14] = UInt8(truncatingIfNeeded: m >> 16); datagram[15] = UInt8(truncatingIfNeeded: m >> 24)  // … of any length
            case 5: datagram[0] |= 0x20; datagram[n - 1] = UInt8(truncatingIfNeeded: m >> 8)   // padding of any count
            case 6: for k in 0..<n { datagram[k] = UInt8(truncatingIfNeeded: rng.next()) }     // noise
            default: datagram[2] = UInt8(truncatingIfNeeded: m >> 8); datagram[4] = UInt8(truncatingIfNeeded: m >> 16)  // seq/ts jump
            }

            let packet: RTPPacket
            do {
                packet = try datagram.withUnsafeBytes { try RTPPacket.parse(UnsafeRawBufferPointer(rebasing: $0[..<n])) }
            } catch {
                rejected += 1
                seq &+= 1; ts &+= 160; now += 20
                continue
            }
            parsed += 1
            // (#expect per iteration would cost more than the work itself: count, check once.)
            if packet.payloadRange.lowerBound < 12 || packet.payloadRange.upperBound + packet.paddingCount != n {
                badLayouts += 1
            }

            if packet.header.payloadType == 101 {
                eventPackets += 1
                if let event = try? datagram.withUnsafeBytes({ try TelephoneEvent.parse(packet.payload(in: UnsafeRawBufferPointer(rebasing: $0[..<n]))) }) {
                    _ = receiver.receive(header: packet.header, event: event)
                    events += 1
                }
            } else {
                let h = packet.header
                if h.ssrc == 1 { reception.record(sequenceNumber: h.sequenceNumber, timestamp: h.timestamp, arrivalMs: now) }
                let jb = JitterBuffer<Int>.Packet(sequenceNumber: h.sequenceNumber, timestamp: h.timestamp, ssrc: h.ssrc,
                                                  marker: h.marker, durationSamples: packet.payloadCount, payload: i)
                // Arrival jitter up to ±60 ms, an occasional absurd clock value.
                let jitter = Double(Int(r >> 40 & 127) - 64)
                _ = buffer.insert(jb, arrivalMs: (r >> 50) & 0x3FF == 0 ? -1e300 : now + jitter)
            }
            var pops = 0
            while pops < 4, case let result = buffer.pop(nowMs: now), !isEmpty(result) { pops += 1 }
            popped += pops
            seq &+= 1; ts &+= 160; now += 20
        }

        let s = buffer.statistics
        #expect(parsed + rejected == Self.iterations)
        #expect(parsed > Self.iterations / 4 && rejected > Self.iterations / 10)
        #expect(events > 1000)
        #expect(badLayouts == 0)
        #expect(s.received == parsed - eventPackets)
        #expect(s.received == s.accepted + s.duplicates + s.late + s.overflow + s.discontinuous)
        #expect(s.accepted == s.played + s.shrinkDropped + s.flushed + buffer.bufferedPackets)
        #expect(s.played > 0 && s.resyncs > 0)
        #expect(receiver.pressesEnded <= receiver.pressesStarted)
        let block = reception.makeReportBlock()
        #expect(reception.received > 0 && block.ssrc == 1)
        print("fuzz: \(parsed) parsed, \(rejected) rejected, \(events) events, jitter buffer \(s)")
    }

    @Test("50,000 mutated RTCP compounds: parsed or rejected, never a trap")
    func fuzzRTCP() {
        var rng = SplitMix64(seed: 0x0DC9_2026)
        let blocks = (0..<3).map { RTCPReportBlock(ssrc: UInt32($0), fractionLost: 1, cumulativeLost: -5, extendedHighestSequence: 9, jitter: 3) }
        let valid = RTCPPacket.buildCompound(ssrc: 1, sender: RTCPSenderInfo(ntpTimestamp: 1, rtpTimestamp: 2, packetCount: 3, octetCount: 4),
                                             reports: blocks, cname: "fuzz@rtp") + [0x81, 203, 0, 1, 0, 0, 0, 1]
        var parsed = 0, rejected = 0
        for _ in 0..<50_000 {
            var bytes = valid
            let m = rng.next()
            switch m % 4 {
            case 0: for _ in 0..<(1 + m % 4) { let bit = Int((rng.next()) % UInt64(bytes.count * 8)); bytes[bit / 8] ^= 1 << (bit % 8) }
            case 1: bytes.removeLast(Int((m >> 8) % UInt64(bytes.count)))
            case 2: bytes[Int((m >> 8) % UInt64(bytes.count))] = UInt8(truncatingIfNeeded: m >> 16)  // a count or length byte, often
            default: bytes = (0..<Int((m >> 8) % 120)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            }
            if (try? RTCPPacket.parseCompound(bytes)) != nil { parsed += 1 } else { rejected += 1 }
        }
        #expect(parsed + rejected == 50_000)
        #expect(parsed > 1000 && rejected > 1000)
    }

    private func isEmpty(_ r: JitterBuffer<Int>.PopOutcome) -> Bool {
        if case .empty = r { true } else { false }
    }
}
