import Testing
import RTP

@Suite struct RTPPacketTests {
    /// V=2, P, X, CC=2 · M, PT 0 · seq 0x1234 · ts 0xDEADBEEF · SSRC 0x01020304 ·
    /// CSRCs 0x11111111, 0x22222222 · extension profile 0xBEDE, 1 word AABBCCDD ·
    /// payload 55 66 77 · padding 00 00 03.
    static let handBuilt: [UInt8] = [
        0xB2, 0x80, 0x12, 0x34, 0xDE, 0xAD, 0xBE, 0xEF, 0x01, 0x02, 0x03, 0x04,
        0x11, 0x11, 0x11, 0x11, 0x22, 0x22, 0x22, 0x22,
        0xBE, 0xDE, 0x00, 0x01, 0xAA, 0xBB, 0xCC, 0xDD,
        0x55, 0x66, 0x77,
        0x00, 0x00, 0x03,
    ]

    @Test("a hand-built packet with CSRCs, extension and padding parses field by field")
    func parsesHandBuiltPacket() throws {
        let bytes = Self.handBuilt
        let packet = try RTPPacket.parse(bytes)
        #expect(packet.header == RTPHeader(marker: true, payloadType: 0, sequenceNumber: 0x1234,
                                           timestamp: 0xDEADBEEF, ssrc: 0x0102_0304))
        #expect(packet.csrcCount == 2)
        #expect(packet.extensionProfile == 0xBEDE)
        #expect(packet.extensionRange == 24..<28)
        #expect(packet.payloadRange == 28..<31)
        #expect(packet.paddingCount == 3)
        bytes.withUnsafeBytes { raw in
            #expect(packet.csrc(0, in: raw) == 0x1111_1111)
            #expect(packet.csrc(1, in: raw) == 0x2222_2222)
            #expect(Array(packet.payload(in: raw)) == [0x55, 0x66, 0x77])
        }
    }

    @Test("writing the same parts gives the hand-built bytes exactly")
    func writesHandBuiltPacket() throws {
        var out = [UInt8](repeating: 0xFF, count: 64)
        let ext: [UInt8] = [0xAA, 0xBB, 0xCC, 0xDD]
        let payload: [UInt8] = [0x55, 0x66, 0x77]
        let header = RTPHeader(marker: true, payloadType: 0, sequenceNumber: 0x1234, timestamp: 0xDEADBEEF, ssrc: 0x0102_0304)
        let n = try out.withUnsafeMutableBytes { o in
            try ext.withUnsafeBytes { e in
                try payload.withUnsafeBytes { p in
                    try RTPPacket.write(header: header, payload: p, into: o, csrcs: [0x1111_1111, 0x2222_2222],
                                        headerExtension: (0xBEDE, e), paddingCount: 3)
                }
            }
        }
        #expect(n == Self.handBuilt.count)
        #expect(Array(out[..<n]) == Self.handBuilt)
    }

    @Test("a too-small output buffer is an error, not a trap")
    func writeIntoSmallBuffer() {
        var out = [UInt8](repeating: 0, count: 13)
        let payload: [UInt8] = [1, 2, 3]
        let header = RTPHeader(payloadType: 0, sequenceNumber: 1, timestamp: 2, ssrc: 3)
        #expect(throws: RTPBuildError.bufferTooSmall(needed: 15, available: 13)) {
            try out.withUnsafeMutableBytes { o in
                try payload.withUnsafeBytes { p in try RTPPacket.write(header: header, payload: p, into: o) }
            }
        }
    }

    @Test("malformed packets give the error that names the fault")
    func malformedPackets() {
        var bytes = Self.handBuilt
        #expect(throws: RTPParseError.tooShort(what: "RTP packet", needed: 12, got: 11)) {
            try RTPPacket.parse(Array(bytes[..<11]))
        }
        bytes[0] = 0x40 | (bytes[0] & 0x3F)
        #expect(throws: RTPParseError.badVersion(1)) { try RTPPacket.parse(bytes) }

        bytes = Self.handBuilt
        bytes[bytes.count - 1] = 0  // padding count 0
        #expect(throws: RTPParseError.badPadding(count: 0, room: 6)) { try RTPPacket.parse(bytes) }
        bytes[bytes.count - 1] = 7  // more than the 6 bytes after the header
        #expect(throws: RTPParseError.badPadding(count: 7, room: 6)) { try RTPPacket.parse(bytes) }

        bytes = Self.handBuilt
        bytes[0] = 0x8F  // 15 CSRCs need 72 bytes
        #expect(throws: RTPParseError.csrcOverrun(csrcCount: 15, packetBytes: 34)) { try RTPPacket.parse(bytes) }

        bytes = Self.handBuilt
        bytes[22] = 0xFF; bytes[23] = 0xFF  // extension of 65535 words
        #expect(throws: RTPParseError.extensionOverrun(lengthWords: 65535, offset: 20, packetBytes: 34)) {
            try RTPPacket.parse(bytes)
        }
    }

    @Test("the smallest packet: a bare 12-byte header with an empty payload")
    func bareHeader() throws {
        let packet = try RTPPacket.parse([0x80, 0x08, 0xFF, 0xFF, 0, 0, 0, 160, 0, 0, 0, 1])
        #expect(packet.header.payloadType == 8)
        #expect(packet.header.marker == false)
        #expect(packet.header.sequenceNumber == 65535)
        #expect(packet.header.timestamp == 160)
        #expect(packet.payloadRange == 12..<12)
        #expect(packet.extensionProfile == nil)
    }
}
