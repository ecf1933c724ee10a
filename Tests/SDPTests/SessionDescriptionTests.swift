import Foundation
import SDP
import Testing
import TestSupport

@Suite struct SessionDescriptionTests {
    /// An offer as a gateway sends it (CRLF, session-level c=, dynamic types with rtpmap, the
    /// static PCMU type without one, telephone-event with fmtp, a video stream to ignore).
    @Test func readsTheAudioStreamOfAGatewayOffer() throws {
        let offer = "v=0\r\no=- 123 1 IN IP4 10.0.0.5\r\ns=call\r\nc=IN IP4 192.0.2.10\r\nt=0 0\r\n"
            + "m=audio 49170 RTP/AVP 111 0 101\r\na=rtpmap:111 opus/48000/2\r\na=fmtp:111 useinbandfec=1\r\n"
            + "a=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-16\r\na=ptime:20\r\n"
            + "m=video 51372 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\n"
        let sdp = try SessionDescription(parsing: offer)
        #expect(sdp.address == "192.0.2.10")
        #expect(sdp.port == 49170)
        #expect(sdp.payloadTypes == [111, 0, 101])
        #expect(sdp.offered.map(\.encoding) == ["opus", "PCMU", "telephone-event"])
        #expect(sdp.rtpMaps[111] == RTPMap(payloadType: 111, encoding: "opus", clockRateHz: 48000, channels: 2))
        #expect(sdp.formatParameters[101] == "0-16")
        #expect(sdp.packetTimeMs == 20)
        #expect(sdp.rtpMaps[96] == nil)
    }

    @Test func aMediaLevelAddressWinsOverTheSessionLevelOne() throws {
        let sdp = try SessionDescription(parsing: "v=0\nc=IN IP4 192.0.2.1\nm=audio 4000 RTP/AVP 8\nc=IN IP4 127.0.0.1\n")
        #expect(sdp.address == "127.0.0.1")
        #expect(sdp.offered == [RTPMap(payloadType: 8, encoding: "PCMA", clockRateHz: 8000)])
    }

    @Test func badOffersSayWhatIsWrongAndWhere() {
        #expect(throws: SDPError.missing("m=audio line")) { try SessionDescription(parsing: "v=0\nc=IN IP4 1.2.3.4\n") }
        #expect(throws: SDPError.missing("c= connection address")) { try SessionDescription(parsing: "v=0\nm=audio 5 RTP/AVP 0\n") }
        #expect(throws: SDPError.malformed(line: 2, text: "m=audio 99999 RTP/AVP 0", expected: "m=audio PORT RTP/AVP PT…")) {
            try SessionDescription(parsing: "v=0\nm=audio 99999 RTP/AVP 0\n")
        }
        #expect(throws: SDPError.malformed(line: 3, text: "a=rtpmap:96 opus", expected: "a=rtpmap:PT ENCODING/CLOCK[/CHANNELS]")) {
            try SessionDescription(parsing: "c=IN IP4 1.2.3.4\nm=audio 5 RTP/AVP 96\na=rtpmap:96 opus\n")
        }
        #expect(throws: SDPError.tooLarge(bytes: 20000, limit: 16384)) {
            try SessionDescription(parsing: String(repeating: "a", count: 20000))
        }
    }

    /// What we write, ffmpeg reads: the answer's text parses back to the same description.
    @Test func anAnswerRoundTrips() throws {
        let answer = SessionDescription(address: "127.0.0.1", port: 40002, payloadTypes: [0, 101],
                                        rtpMaps: [0: RTPMap(payloadType: 0, encoding: "PCMU", clockRateHz: 8000),
                                                  101: RTPMap(payloadType: 101, encoding: "telephone-event", clockRateHz: 8000)],
                                        formatParameters: [101: "0-16"], packetTimeMs: 20)
        #expect(try SessionDescription(parsing: answer.text()) == answer)
    }

    /// A real peer's SDP: what ffmpeg announces for an Opus RTP stream (RFC 7587: opus/48000/2).
    @Test func readsTheSDPFfmpegWritesForOpus() throws {
        let dir = try Paths.temporaryDirectory()
        let sdpFile = dir.appendingPathComponent("opus.sdp").path
        try ExternalTool.run("ffmpeg", ["-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i", "sine=frequency=440:duration=0.2",
                                        "-ar", "48000", "-ac", "1", "-c:a", "libopus", "-f", "rtp", "-sdp_file", sdpFile,
                                        "rtp://127.0.0.1:47998"])
        let sdp = try SessionDescription(parsing: try String(contentsOfFile: sdpFile, encoding: .utf8))
        #expect(sdp.port == 47998)
        #expect(sdp.address == "127.0.0.1")
        let opus = try #require(sdp.offered.first)
        #expect(opus.encoding.lowercased() == "opus" && opus.clockRateHz == 48000 && opus.channels == 2)
    }
}
