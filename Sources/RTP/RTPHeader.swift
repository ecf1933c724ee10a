/// The fields of an RTP fixed header (RFC 3550 §5.1) that a sender chooses per packet.
public struct RTPHeader: Sendable, Hashable {
    /// Marks a significant event: the first packet of a talk spurt (RFC 3551 §4.1) or of an
    /// RFC 4733 event.
    public var marker: Bool
    /// 7 bits (0…127).
    public var payloadType: UInt8
    public var sequenceNumber: UInt16
    public var timestamp: UInt32
    public var ssrc: UInt32

    public init(marker: Bool = false, payloadType: UInt8, sequenceNumber: UInt16, timestamp: UInt32, ssrc: UInt32) {
        self.marker = marker
        self.payloadType = payloadType
        self.sequenceNumber = sequenceNumber
        self.timestamp = timestamp
        self.ssrc = ssrc
    }
}
