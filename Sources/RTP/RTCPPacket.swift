/// The sender's half of an RTCP sender report (RFC 3550 §6.4.1).
public struct RTCPSenderInfo: Sendable, Hashable {
    /// 64-bit NTP wallclock time (seconds since 1900 in the high 32 bits, fraction in the low).
    public var ntpTimestamp: UInt64
    /// The same instant in the stream's RTP timestamp units.
    public var rtpTimestamp: UInt32
    public var packetCount: UInt32
    public var octetCount: UInt32

    public init(ntpTimestamp: UInt64, rtpTimestamp: UInt32, packetCount: UInt32, octetCount: UInt32) {
        self.ntpTimestamp = ntpTimestamp
        self.rtpTimestamp = rtpTimestamp
        self.packetCount = packetCount
        self.octetCount = octetCount
    }

    /// The middle 32 bits of the NTP timestamp: what a receiver echoes as LSR.
    public var compactNTP: UInt32 { UInt32(truncatingIfNeeded: ntpTimestamp >> 16) }
}

/// One packet of an RTCP compound packet (RFC 3550 §6.4–6.6). RTCP runs every few seconds,
/// so these are plain values with arrays.
public enum RTCPPacket: Sendable, Hashable {
    case senderReport(ssrc: UInt32, sender: RTCPSenderInfo, reports: [RTCPReportBlock])
    case receiverReport(ssrc: UInt32, reports: [RTCPReportBlock])
    /// SDES with the CNAME of each chunk that has one (other items are skipped).
    case sourceDescription([SourceDescription])
    case goodbye(ssrcs: [UInt32])
    /// A packet type this parser does not interpret (APP, feedback, XR …).
    case other(packetType: UInt8)

    public struct SourceDescription: Sendable, Hashable {
        public var ssrc: UInt32
        public var cname: String?
        public init(ssrc: UInt32, cname: String?) { self.ssrc = ssrc; self.cname = cname }
    }

    public static let senderReportType: UInt8 = 200
    public static let receiverReportType: UInt8 = 201
    public static let sourceDescriptionType: UInt8 = 202
    public static let goodbyeType: UInt8 = 203

    /// Reads a compound RTCP packet, checking what RFC 3550 A.2 checks: version 2 in every
    /// packet, the first packet an SR or RR, and lengths that add up to the datagram.
    public static func parseCompound(_ bytes: UnsafeRawBufferPointer) throws(RTPParseError) -> [RTCPPacket] {
        var packets: [RTCPPacket] = []
        var offset = 0
        while offset < bytes.count {
            guard bytes.count - offset >= 4 else {
                throw .tooShort(what: "RTCP header at byte \(offset)", needed: 4, got: bytes.count - offset)
            }
            let version = Int(bytes[offset] >> 6)
            guard version == 2 else { throw .badVersion(version) }
            let count = Int(bytes[offset] & 0x1F)
            let type = bytes[offset + 1]
            let length = 4 * (Int(bytes.u16(at: offset + 2)) + 1)
            guard length <= bytes.count - offset else {
                throw .lengthOverrun(what: "RTCP packet type \(type) at byte \(offset)", declaredBytes: length,
                                     availableBytes: bytes.count - offset)
            }
            if offset == 0 && type != senderReportType && type != receiverReportType {
                throw .unexpectedPacketType(got: Int(type), expected: "SR (200) or RR (201) first in a compound packet")
            }
            var end = offset + length
            if bytes[offset] & 0x20 != 0 {
                // Padding (only legal in the last packet): the last byte counts it.
                let pad = Int(bytes[end - 1])
                guard pad >= 1, pad <= length - 4 else { throw .badPadding(count: pad, room: length - 4) }
                end -= pad
            }
            let body = UnsafeRawBufferPointer(rebasing: bytes[(offset + 4)..<end])
            packets.append(try parseOne(type: type, count: count, body: body, offset: offset))
            offset += length
        }
        guard !packets.isEmpty else { throw .tooShort(what: "RTCP compound packet", needed: 8, got: 0) }
        return packets
    }

    public static func parseCompound(_ bytes: [UInt8]) throws(RTPParseError) -> [RTCPPacket] {
        try bytes.withUnsafeBytes { raw in Result { () throws(RTPParseError) -> [RTCPPacket] in try parseCompound(raw) } }.get()
    }

    private static func parseOne(type: UInt8, count: Int, body: UnsafeRawBufferPointer,
                                 offset: Int) throws(RTPParseError) -> RTCPPacket {
        switch type {
        case senderReportType:
            let needed = 24 + count * RTCPReportBlock.byteCount
            guard body.count >= needed else { throw .tooShort(what: "RTCP SR at byte \(offset)", needed: needed + 4, got: body.count + 4) }
            let ntp = UInt64(body.u32(at: 4)) << 32 | UInt64(body.u32(at: 8))
            let info = RTCPSenderInfo(ntpTimestamp: ntp, rtpTimestamp: body.u32(at: 12),
                                      packetCount: body.u32(at: 16), octetCount: body.u32(at: 20))
            let blocks = (0..<count).map { RTCPReportBlock.parse(body, at: 24 + $0 * RTCPReportBlock.byteCount) }
            return .senderReport(ssrc: body.u32(at: 0), sender: info, reports: blocks)
        case receiverReportType:
            let needed = 4 + count * RTCPReportBlock.byteCount
            guard body.count >= needed else { throw .tooShort(what: "RTCP RR at byte \(offset)", needed: needed + 4, got: body.count + 4) }
            let blocks = (0..<count).map { RTCPReportBlock.parse(body, at: 4 + $0 * RTCPReportBlock.byteCount) }
            return .receiverReport(ssrc: body.u32(at: 0), reports: blocks)
        case sourceDescriptionType:
            return .sourceDescription(try parseSourceDescription(count: count, body: body, offset: offset))
        case goodbyeType:
            guard body.count >= 4 * count else { throw .tooShort(what: "RTCP BYE at byte \(offset)", needed: 4 + 4 * count, got: body.count + 4) }
            return .goodbye(ssrcs: (0..<count).map { body.u32(at: 4 * $0) })
        default:
            return .other(packetType: type)
        }
    }

    private static func parseSourceDescription(count: Int, body: UnsafeRawBufferPointer,
                                               offset: Int) throws(RTPParseError) -> [SourceDescription] {
        var chunks: [SourceDescription] = []
        var i = 0
        for _ in 0..<count {
            guard i + 4 <= body.count else { throw .tooShort(what: "RTCP SDES chunk at byte \(offset + 4 + i)", needed: 4, got: body.count - i) }
            var chunk = SourceDescription(ssrc: body.u32(at: i), cname: nil)
            i += 4
            while true {
                guard i < body.count else { throw .tooShort(what: "RTCP SDES items at byte \(offset + 4 + i)", needed: 1, got: 0) }
                let itemType = body[i]
                if itemType == 0 { break }
                guard i + 2 <= body.count, i + 2 + Int(body[i + 1]) <= body.count else {
                    throw .lengthOverrun(what: "RTCP SDES item at byte \(offset + 4 + i)",
                                         declaredBytes: i + 2 <= body.count ? 2 + Int(body[i + 1]) : 2, availableBytes: body.count - i)
                }
                let length = Int(body[i + 1])
                if itemType == 1 {
                    chunk.cname = String(decoding: UnsafeRawBufferPointer(rebasing: body[(i + 2)..<(i + 2 + length)]), as: UTF8.self)
                }
                i += 2 + length
            }
            i = (i + 4) & ~3  // the null item, then padding to the next word
            chunks.append(chunk)
        }
        return chunks
    }
}
