/// The layout of one RTP packet (RFC 3550 §5.1) read from a datagram: the header fields and
/// where the CSRC list, header extension and payload lie in the bytes it was parsed from.
///
/// Parsing does not allocate and never traps: every length is checked against the datagram
/// and a malformed packet throws `RTPParseError`. The payload is not copied; read it with
/// `payload(in:)` from the same bytes.
public struct RTPPacket: Sendable, Hashable {
    public static let version = 2
    public static let fixedHeaderBytes = 12

    public var header: RTPHeader
    /// Number of CSRC identifiers (0…15), read with `csrc(_:in:)`.
    public var csrcCount: Int
    /// The header extension's profile-defined identifier, nil when the X bit is clear.
    public var extensionProfile: UInt16?
    /// Byte range of the extension data (after its 4-byte preamble); empty without extension.
    public var extensionRange: Range<Int>
    /// Byte range of the payload (header, CSRCs, extension and padding excluded).
    public var payloadRange: Range<Int>
    /// Padding bytes at the end, including the count byte itself (0 without the P bit).
    public var paddingCount: Int

    public var payloadCount: Int { payloadRange.count }

    /// Reads an RTP packet; throws on anything RFC 3550 does not allow.
    public static func parse(_ bytes: UnsafeRawBufferPointer) throws(RTPParseError) -> RTPPacket {
        let n = bytes.count
        guard n >= fixedHeaderBytes else { throw .tooShort(what: "RTP packet", needed: fixedHeaderBytes, got: n) }
        let b0 = bytes[0], b1 = bytes[1]
        let version = Int(b0 >> 6)
        guard version == Self.version else { throw .badVersion(version) }
        let hasPadding = b0 & 0x20 != 0
        let hasExtension = b0 & 0x10 != 0
        let csrcCount = Int(b0 & 0x0F)
        var offset = fixedHeaderBytes + 4 * csrcCount
        guard offset <= n else { throw .csrcOverrun(csrcCount: csrcCount, packetBytes: n) }
        var profile: UInt16?
        var extensionRange = offset..<offset
        if hasExtension {
            guard offset + 4 <= n else { throw .extensionOverrun(lengthWords: 0, offset: offset, packetBytes: n) }
            let words = Int(bytes.u16(at: offset + 2))
            let end = offset + 4 + 4 * words
            guard end <= n else { throw .extensionOverrun(lengthWords: words, offset: offset, packetBytes: n) }
            profile = bytes.u16(at: offset)
            extensionRange = (offset + 4)..<end
            offset = end
        }
        var padding = 0
        if hasPadding {
            padding = Int(bytes[n - 1])
            let room = n - offset
            guard padding >= 1, padding <= room else { throw .badPadding(count: padding, room: room) }
        }
        let header = RTPHeader(marker: b1 & 0x80 != 0, payloadType: b1 & 0x7F,
                               sequenceNumber: bytes.u16(at: 2), timestamp: bytes.u32(at: 4), ssrc: bytes.u32(at: 8))
        return RTPPacket(header: header, csrcCount: csrcCount, extensionProfile: profile,
                         extensionRange: extensionRange, payloadRange: offset..<(n - padding), paddingCount: padding)
    }

    public static func parse(_ bytes: [UInt8]) throws(RTPParseError) -> RTPPacket {
        try bytes.withUnsafeBytes { raw in Result { () throws(RTPParseError) -> RTPPacket in try parse(raw) } }.get()
    }

    /// The `index`-th contributing source, read from the bytes the packet was parsed from.
    /// - Precondition: `index < csrcCount`.
    public func csrc(_ index: Int, in bytes: UnsafeRawBufferPointer) -> UInt32 {
        precondition(index >= 0 && index < csrcCount, "CSRC index \(index) outside 0..<\(csrcCount)")
        return bytes.u32(at: Self.fixedHeaderBytes + 4 * index)
    }

    /// The payload bytes within the bytes the packet was parsed from.
    public func payload(in bytes: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: bytes[payloadRange])
    }

    /// Bytes `write` needs for a packet with these parts.
    public static func byteCount(csrcCount: Int = 0, extensionDataBytes: Int? = nil, payloadBytes: Int,
                                 paddingCount: Int = 0) -> Int {
        fixedHeaderBytes + 4 * csrcCount + (extensionDataBytes.map { 4 + $0 } ?? 0) + payloadBytes + paddingCount
    }

    /// Writes one packet into `output` (caller-owned, not allocated here); returns its length.
    ///
    /// - Parameters:
    ///   - csrcs: up to 15 contributing sources.
    ///   - headerExtension: profile identifier and data; the data must be whole 32-bit words.
    ///   - paddingCount: 0, or 1…255 bytes of padding whose last byte holds the count.
    public static func write(header: RTPHeader, payload: UnsafeRawBufferPointer,
                             into output: UnsafeMutableRawBufferPointer,
                             csrcs: [UInt32] = [],
                             headerExtension: (profile: UInt16, data: UnsafeRawBufferPointer)? = nil,
                             paddingCount: Int = 0) throws(RTPBuildError) -> Int {
        guard header.payloadType < 128 else { throw .invalidField("RTP payload type \(header.payloadType) is outside 0…127") }
        guard csrcs.count <= 15 else { throw .invalidField("RTP allows at most 15 CSRCs; got \(csrcs.count)") }
        guard (0...255).contains(paddingCount) else { throw .invalidField("RTP padding \(paddingCount) is outside 0…255") }
        if let ext = headerExtension {
            guard ext.data.count % 4 == 0, ext.data.count / 4 <= 0xFFFF else {
                throw .invalidField("RTP header extension data is \(ext.data.count) bytes; it must be whole 32-bit words (≤ 65535)")
            }
        }
        let total = byteCount(csrcCount: csrcs.count, extensionDataBytes: headerExtension?.data.count,
                              payloadBytes: payload.count, paddingCount: paddingCount)
        guard output.count >= total else { throw .bufferTooSmall(needed: total, available: output.count) }
        output[0] = UInt8(Self.version << 6) | (paddingCount > 0 ? 0x20 : 0) | (headerExtension != nil ? 0x10 : 0)
            | UInt8(csrcs.count)
        output[1] = (header.marker ? 0x80 : 0) | header.payloadType
        output.put16(header.sequenceNumber, at: 2)
        output.put32(header.timestamp, at: 4)
        output.put32(header.ssrc, at: 8)
        var offset = fixedHeaderBytes
        for csrc in csrcs {
            output.put32(csrc, at: offset)
            offset += 4
        }
        if let ext = headerExtension {
            output.put16(ext.profile, at: offset)
            output.put16(UInt16(ext.data.count / 4), at: offset + 2)
            offset += 4
            UnsafeMutableRawBufferPointer(rebasing: output[offset..<(offset + ext.data.count)]).copyMemory(from: ext.data)
            offset += ext.data.count
        }
        UnsafeMutableRawBufferPointer(rebasing: output[offset..<(offset + payload.count)]).copyMemory(from: payload)
        offset += payload.count
        if paddingCount > 0 {
            for i in 0..<(paddingCount - 1) { output[offset + i] = 0 }
            output[offset + paddingCount - 1] = UInt8(paddingCount)
            offset += paddingCount
        }
        return offset
    }
}
