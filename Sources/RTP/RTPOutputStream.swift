/// The sending side of one RTP stream: sequence numbers and timestamps that stay continuous
/// across prompts, silences and key presses (RFC 3550 §5.1, RFC 3551 §4.1).
///
/// The timestamp is the sampling instant of the next audio sample; it advances with every
/// sample, sent or not, so silence shows up as a timestamp gap and the receiver's playout
/// stays in time. The first packet after silence (a talk spurt) carries the marker bit.
/// Initial sequence number, timestamp and SSRC are random (RFC 3550 §5.1, §8) from an injected
/// generator, so a test can seed it.
public struct RTPOutputStream: Sendable, Hashable {
    public let ssrc: UInt32
    public let payloadType: UInt8
    /// Sequence number of the next packet.
    public private(set) var nextSequenceNumber: UInt16
    /// RTP timestamp of the next audio sample.
    public private(set) var timestamp: UInt32
    /// Packets and payload octets sent, for the RTCP sender report.
    public private(set) var packetCount: UInt32 = 0
    public private(set) var octetCount: UInt32 = 0
    private var inTalkSpurt = false

    public init(payloadType: UInt8, ssrc: UInt32, initialSequenceNumber: UInt16, initialTimestamp: UInt32) {
        self.payloadType = payloadType & 0x7F
        self.ssrc = ssrc
        self.nextSequenceNumber = initialSequenceNumber
        self.timestamp = initialTimestamp
    }

    /// A stream with random SSRC, sequence number and timestamp drawn from `generator`.
    public init<G: RandomNumberGenerator>(payloadType: UInt8, using generator: inout G) {
        self.init(payloadType: payloadType, ssrc: UInt32.random(in: .min ... .max, using: &generator),
                  initialSequenceNumber: UInt16.random(in: .min ... .max, using: &generator),
                  initialTimestamp: UInt32.random(in: .min ... .max, using: &generator))
    }

    /// The header of the next audio packet, holding `samples` samples (timestamp units) and
    /// `payloadBytes` bytes; advances sequence number and timestamp. Marker on a talk spurt's first packet.
    public mutating func nextAudioHeader(samples: Int, payloadBytes: Int) -> RTPHeader {
        let header = RTPHeader(marker: !inTalkSpurt, payloadType: payloadType, sequenceNumber: nextSequenceNumber,
                               timestamp: timestamp, ssrc: ssrc)
        inTalkSpurt = true
        advance(samples: samples, payloadBytes: payloadBytes)
        return header
    }

    /// Time passes without audio being sent (silence, or a key press sent as events): the
    /// timestamp advances, and the next audio packet starts a talk spurt.
    public mutating func skip(samples: Int) {
        timestamp &+= UInt32(truncatingIfNeeded: max(0, samples))
        inTalkSpurt = false
    }

    /// The header of an RFC 4733 event packet: the event's own timestamp and marker, the
    /// stream's next sequence number. Does not move the audio timestamp (use `skip` for the
    /// time the event covers).
    public mutating func nextEventHeader(payloadType: UInt8, marker: Bool, timestamp eventTimestamp: UInt32,
                                         payloadBytes: Int = TelephoneEvent.byteCount) -> RTPHeader {
        let header = RTPHeader(marker: marker, payloadType: payloadType & 0x7F, sequenceNumber: nextSequenceNumber,
                               timestamp: eventTimestamp, ssrc: ssrc)
        advance(samples: 0, payloadBytes: payloadBytes)
        return header
    }

    private mutating func advance(samples: Int, payloadBytes: Int) {
        nextSequenceNumber &+= 1
        timestamp &+= UInt32(truncatingIfNeeded: max(0, samples))
        packetCount &+= 1
        octetCount &+= UInt32(truncatingIfNeeded: max(0, payloadBytes))
    }
}
