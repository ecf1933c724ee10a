/// Generates the RFC 4733 packets of one key press, packet by packet (§2.5.1):
/// every packet carries the event's start timestamp; the first has the marker bit; each
/// packet interval sends the duration so far; after the full duration has been sent, the end
/// packet (E bit) goes out three times (§2.5.1.4) with the final duration. This is the packet
/// sequence of RFC 4733 Table 5 (sequence numbers come from the `RTPOutputStream`).
///
/// A pure generator: call `start`, then `nextPackets()` once per packet interval until
/// `isActive` is false. Durations beyond 65535 timestamp units are capped (RFC 4733 §2.5.1.3
/// segments long events; a key press never lasts 8 s).
public struct TelephoneEventSender: Sendable {
    /// One packet to send: the RTP marker bit, timestamp and payload.
    public struct Packet: Sendable, Hashable {
        public var marker: Bool
        public var timestamp: UInt32
        public var event: TelephoneEvent
    }

    /// The packets of one interval: one update, or the three end packets.
    public struct Packets: Sendable, Hashable, RandomAccessCollection {
        fileprivate var first: Packet?
        fileprivate var count_: Int
        public var startIndex: Int { 0 }
        public var endIndex: Int { count_ }
        public subscript(i: Int) -> Packet {
            precondition(i >= 0 && i < count_, "index \(i) outside 0..<\(count_)")
            return first!
        }
    }

    public let payloadType: UInt8
    public let packetIntervalSamples: Int
    public let volume: UInt8
    public let endPacketRepeats: Int

    private var eventCode: UInt8 = 0
    private var timestamp: UInt32 = 0
    private var totalDuration = 0
    private var sentDuration = 0
    private var packetsSent = 0
    public private(set) var isActive = false

    /// - Parameters:
    ///   - packetIntervalSamples: timestamp units between updates (RFC 4733 §2.5.1.2 suggests
    ///     50 ms; 20 ms matches the audio ptime): 400 = 50 ms at 8 kHz.
    ///   - volume: −dBm0 (RFC 4733 Table 5 leaves it open; 10 is what Asterisk sends).
    public init(payloadType: UInt8 = TelephoneEvent.defaultPayloadType, packetIntervalSamples: Int = 400,
                volume: UInt8 = 10, endPacketRepeats: Int = 3) {
        self.payloadType = payloadType
        self.packetIntervalSamples = max(1, packetIntervalSamples)
        self.volume = volume & 0x3F
        self.endPacketRepeats = max(1, endPacketRepeats)
    }

    /// Starts a key press at `timestamp` (the RTP timestamp of its first sample) lasting
    /// `durationSamples` timestamp units. Replaces a press in progress.
    public mutating func start(event: UInt8, durationSamples: Int, timestamp: UInt32) {
        eventCode = event
        self.timestamp = timestamp
        totalDuration = min(max(durationSamples, 1), Int(UInt16.max))
        sentDuration = 0
        packetsSent = 0
        isActive = true
    }

    /// The packets of the next packet interval (empty when no press is in progress).
    public mutating func nextPackets() -> Packets {
        guard isActive else { return Packets(first: nil, count_: 0) }
        if sentDuration < totalDuration {
            sentDuration = min(sentDuration + packetIntervalSamples, totalDuration)
            let packet = Packet(marker: packetsSent == 0, timestamp: timestamp,
                                event: TelephoneEvent(event: eventCode, isEnd: false, volume: volume,
                                                      duration: UInt16(sentDuration)))
            packetsSent += 1
            return Packets(first: packet, count_: 1)
        }
        isActive = false
        let end = Packet(marker: false, timestamp: timestamp,
                         event: TelephoneEvent(event: eventCode, isEnd: true, volume: volume,
                                               duration: UInt16(totalDuration)))
        return Packets(first: end, count_: endPacketRepeats)
    }
}
