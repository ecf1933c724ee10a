extension RTCPPacket {
    /// A compound RTCP packet as RFC 3550 §6.1 requires one to be sent: a sender report (when
    /// `sender` is given) or a receiver report, then an SDES packet with the CNAME.
    /// At most 31 report blocks fit one report; extra blocks are left out.
    public static func buildCompound(ssrc: UInt32, sender: RTCPSenderInfo?, reports: [RTCPReportBlock],
                                     cname: String) -> [UInt8] {
        var out: [UInt8] = []
        let blocks = reports.prefix(31)
        out.reserveCapacity(64 + blocks.count * RTCPReportBlock.byteCount + cname.utf8.count)
        let reportWords = (sender == nil ? 1 : 6) + blocks.count * RTCPReportBlock.byteCount / 4
        out.append(0x80 | UInt8(blocks.count))
        out.append(sender == nil ? receiverReportType : senderReportType)
        out.append16(UInt16(reportWords))  // length field: packet words − 1
        out.append32(ssrc)
        if let sender {
            out.append32(UInt32(truncatingIfNeeded: sender.ntpTimestamp >> 32))
            out.append32(UInt32(truncatingIfNeeded: sender.ntpTimestamp))
            out.append32(sender.rtpTimestamp)
            out.append32(sender.packetCount)
            out.append32(sender.octetCount)
        }
        for block in blocks { block.append(to: &out) }

        // SDES: one chunk, CNAME item, null item, padded to a word boundary.
        let name = Array(cname.utf8.prefix(255))
        let chunkBytes = 4 + 2 + name.count + 1
        let paddedChunk = (chunkBytes + 3) & ~3
        out.append(0x81)
        out.append(sourceDescriptionType)
        out.append16(UInt16(paddedChunk / 4))
        out.append32(ssrc)
        out.append(1)
        out.append(UInt8(name.count))
        out.append(contentsOf: name)
        out.append(contentsOf: repeatElement(0, count: paddedChunk - chunkBytes + 1))
        return out
    }
}
