import Testing
import RTP

/// RFC 4733 §5, Table 5: DTMF "9" for 200 ms then "1", 8 kHz clock, one packet per 50 ms
/// (400 timestamp units). The table gives M bit, timestamp, sequence number, event, duration
/// and E bit; payload type 101, volume 10 and SSRC 0x12345678 are our choices (the table
/// leaves them open). The expected bytes below are written out by hand from the table.
@Suite struct TelephoneEventTests {
    static let expectedNine: [[UInt8]] = [
        // V=2 | M+PT | seq | timestamp | SSRC | event, E|R|volume, duration
        [0x80, 0xE5, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x12, 0x34, 0x56, 0x78, 0x09, 0x0A, 0x01, 0x90],  // 50 ms: M, dur 400
        [0x80, 0x65, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x12, 0x34, 0x56, 0x78, 0x09, 0x0A, 0x03, 0x20],  // 100 ms: 800
        [0x80, 0x65, 0x00, 0x03, 0x00, 0x00, 0x00, 0x00, 0x12, 0x34, 0x56, 0x78, 0x09, 0x0A, 0x04, 0xB0],  // 150 ms: 1200
        [0x80, 0x65, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00, 0x12, 0x34, 0x56, 0x78, 0x09, 0x0A, 0x06, 0x40],  // 200 ms: 1600
        [0x80, 0x65, 0x00, 0x05, 0x00, 0x00, 0x00, 0x00, 0x12, 0x34, 0x56, 0x78, 0x09, 0x8A, 0x06, 0x40],  // 250 ms: E, 1600
        [0x80, 0x65, 0x00, 0x06, 0x00, 0x00, 0x00, 0x00, 0x12, 0x34, 0x56, 0x78, 0x09, 0x8A, 0x06, 0x40],  // 255 ms: E again
        [0x80, 0x65, 0x00, 0x07, 0x00, 0x00, 0x00, 0x00, 0x12, 0x34, 0x56, 0x78, 0x09, 0x8A, 0x06, 0x40],  // 259 ms: E again
    ]
    /// "1" starts at 880 ms: timestamp 7040 (0x1B80), sequence number 8, marker.
    static let expectedOneFirst: [UInt8] =
        [0x80, 0xE5, 0x00, 0x08, 0x00, 0x00, 0x1B, 0x80, 0x12, 0x34, 0x56, 0x78, 0x01, 0x0A, 0x01, 0x90]

    /// Runs the sender for one key press, building whole RTP packets with the output stream.
    static func send(event: UInt8, durationSamples: Int, sender: inout TelephoneEventSender,
                     stream: inout RTPOutputStream) throws -> [[UInt8]] {
        let start = stream.timestamp
        sender.start(event: event, durationSamples: durationSamples, timestamp: start)
        var packets: [[UInt8]] = []
        while sender.isActive {
            for p in sender.nextPackets() {
                let header = stream.nextEventHeader(payloadType: sender.payloadType, marker: p.marker, timestamp: p.timestamp)
                var out = [UInt8](repeating: 0, count: 16)
                let n = try out.withUnsafeMutableBytes { o in
                    try p.event.bytes.withUnsafeBytes { try RTPPacket.write(header: header, payload: $0, into: o) }
                }
                packets.append(Array(out[..<n]))
            }
        }
        return packets
    }

    @Test("the sender produces RFC 4733 Table 5 byte for byte")
    func senderMatchesTable5() throws {
        var stream = RTPOutputStream(payloadType: 0, ssrc: 0x1234_5678, initialSequenceNumber: 1, initialTimestamp: 0)
        var sender = TelephoneEventSender(payloadType: 101, packetIntervalSamples: 400, volume: 10)
        let nine = try Self.send(event: 9, durationSamples: 1600, sender: &sender, stream: &stream)
        #expect(nine == Self.expectedNine)
        stream.skip(samples: 7040)  // the time until "1" starts (880 ms)
        let one = try Self.send(event: 1, durationSamples: 1600, sender: &sender, stream: &stream)
        #expect(one.first == Self.expectedOneFirst)
        #expect(one.count == 7)
    }

    @Test("payload fields round-trip, including the R bit and a 6-bit volume")
    func payloadRoundTrip() throws {
        let bytes: [UInt8] = [0x0B, 0xC0 | 36, 0xFF, 0xFE]
        let e = try TelephoneEvent.parse(bytes)
        #expect(e == TelephoneEvent(event: 11, isEnd: true, reserved: true, volume: 36, duration: 0xFFFE))
        #expect(e.bytes == bytes)
        #expect(TelephoneEvent.dtmfKey(11) == "#")
        #expect(TelephoneEvent.eventCode(dtmfKey: "*") == 10)
        #expect(throws: RTPParseError.self) { try TelephoneEvent.parse([1, 2, 3]) }
    }

    static func parsed(_ bytes: [UInt8]) throws -> (RTPHeader, TelephoneEvent) {
        let packet = try RTPPacket.parse(bytes)
        let event = try bytes.withUnsafeBytes { try TelephoneEvent.parse(packet.payload(in: $0)) }
        return (packet.header, event)
    }

    @Test("the receiver reports each digit once: redundant end packets and duplicates are ignored")
    func receiverReportsOnce() throws {
        var receiver = TelephoneEventReceiver()
        var started: [Character] = []
        var ended: [Character] = []
        let all = Self.expectedNine + Self.expectedNine.suffix(2) + [Self.expectedOneFirst]
        for bytes in all {
            let (header, event) = try Self.parsed(bytes)
            let report = receiver.receive(header: header, event: event)
            if let s = report.started { started.append(s.key!) }
            if let e = report.ended { ended.append(e.key!) }
        }
        #expect(started == ["9", "1"])
        #expect(ended == ["9"])
        #expect(receiver.endOpenPress()?.key == "1")
        #expect(receiver.endOpenPress() == nil)
    }

    @Test("a press whose start packets were lost is still reported, once")
    func lostStartPackets() throws {
        var receiver = TelephoneEventReceiver()
        var reports: [TelephoneEventReceiver.Report] = []
        for bytes in Self.expectedNine.dropFirst(3) {  // only the 1600 update and the end packets
            let (h, e) = try Self.parsed(bytes)
            reports.append(receiver.receive(header: h, event: e))
        }
        #expect(reports.compactMap(\.started).map(\.key) == ["9"])
        #expect(reports.compactMap(\.ended).map(\.duration) == [1600])
        // Only end packets arrived: the press starts already ended, and is not reported again.
        var r2 = TelephoneEventReceiver()
        let ends = try Self.expectedNine.suffix(3).map(Self.parsed)
        let first = r2.receive(header: ends[0].0, event: ends[0].1)
        #expect(first.started?.key == "9" && first.started?.isEnded == true && first.ended == nil)
        #expect(r2.receive(header: ends[1].0, event: ends[1].1) == .nothing)
    }

    @Test("the same key twice is two presses; a new press closes one whose end packets were lost")
    func repeatedKeyAndLostEnd() throws {
        var stream = RTPOutputStream(payloadType: 0, ssrc: 7, initialSequenceNumber: 100, initialTimestamp: 1000)
        var sender = TelephoneEventSender()
        let first = try Self.send(event: 5, durationSamples: 800, sender: &sender, stream: &stream)
        stream.skip(samples: 2000)
        let second = try Self.send(event: 5, durationSamples: 800, sender: &sender, stream: &stream)
        var receiver = TelephoneEventReceiver()
        var starts = 0, ends = 0
        // The first press loses all its end packets.
        for bytes in first.filter({ $0[13] & 0x80 == 0 }) + second {
            let (h, e) = try Self.parsed(bytes)
            let r = receiver.receive(header: h, event: e)
            if r.started != nil { starts += 1 }
            if r.ended != nil { ends += 1 }
        }
        #expect(starts == 2)
        #expect(ends == 2)
        #expect(receiver.pressesStarted == 2 && receiver.pressesEnded == 2)
    }

    @Test("an older event timestamp arriving late does not start a press again")
    func staleEventIgnored() throws {
        var receiver = TelephoneEventReceiver()
        let one = try Self.parsed(Self.expectedOneFirst)
        _ = receiver.receive(header: one.0, event: one.1)
        let nine = try Self.parsed(Self.expectedNine[0])
        #expect(receiver.receive(header: nine.0, event: nine.1) == .nothing)
    }
}
