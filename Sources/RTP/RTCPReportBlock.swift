/// One reception report block of an RTCP SR or RR (RFC 3550 §6.4.1), 24 bytes.
public struct RTCPReportBlock: Sendable, Hashable {
    public static let byteCount = 24
    /// The source this block reports on.
    public var ssrc: UInt32
    /// Fraction of packets lost since the previous report, in 1/256 units.
    public var fractionLost: UInt8
    /// Cumulative packets lost (24-bit signed: duplicates can make it negative).
    public var cumulativeLost: Int32
    public var extendedHighestSequence: UInt32
    /// Interarrival jitter in timestamp units (RFC 3550 A.8).
    public var jitter: UInt32
    /// Middle 32 bits of the NTP timestamp of the last SR received from the source (LSR).
    public var lastSenderReport: UInt32
    /// Delay since that SR in 1/65536 s (DLSR).
    public var delaySinceLastSenderReport: UInt32

    public init(ssrc: UInt32, fractionLost: UInt8, cumulativeLost: Int32, extendedHighestSequence: UInt32,
                jitter: UInt32, lastSenderReport: UInt32 = 0, delaySinceLastSenderReport: UInt32 = 0) {
        self.ssrc = ssrc
        self.fractionLost = fractionLost
        // The field is 24 bits: clamp rather than wrap (RFC 3550 §6.4.1).
        self.cumulativeLost = min(max(cumulativeLost, -0x80_0000), 0x7F_FFFF)
        self.extendedHighestSequence = extendedHighestSequence
        self.jitter = jitter
        self.lastSenderReport = lastSenderReport
        self.delaySinceLastSenderReport = delaySinceLastSenderReport
    }

    static func parse(_ b: UnsafeRawBufferPointer, at i: Int) -> RTCPReportBlock {
        let lost24 = Int32(b[i + 5]) << 16 | Int32(b[i + 6]) << 8 | Int32(b[i + 7])
        let lost = lost24 & 0x80_0000 != 0 ? lost24 - 0x100_0000 : lost24
        return RTCPReportBlock(ssrc: b.u32(at: i), fractionLost: b[i + 4], cumulativeLost: lost,
                               extendedHighestSequence: b.u32(at: i + 8), jitter: b.u32(at: i + 12),
                               lastSenderReport: b.u32(at: i + 16), delaySinceLastSenderReport: b.u32(at: i + 20))
    }

    func append(to out: inout [UInt8]) {
        out.append32(ssrc)
        let lost = UInt32(bitPattern: cumulativeLost) & 0xFF_FFFF
        out.append32(UInt32(fractionLost) << 24 | lost)
        out.append32(extendedHighestSequence)
        out.append32(jitter)
        out.append32(lastSenderReport)
        out.append32(delaySinceLastSenderReport)
    }
}

extension Array where Element == UInt8 {
    mutating func append32(_ v: UInt32) {
        append(UInt8(truncatingIfNeeded: v >> 24)); append(UInt8(truncatingIfNeeded: v >> 16))
        append(UInt8(truncatingIfNeeded: v >> 8)); append(UInt8(truncatingIfNeeded: v))
    }
    mutating func append16(_ v: UInt16) {
        append(UInt8(truncatingIfNeeded: v >> 8)); append(UInt8(truncatingIfNeeded: v))
    }
}
