import ControlAPI
import Foundation
import LiveCall
import RTP
import Session
import Testing
import TestSupport

/// The control API through a real `ivr serve` on loopback: auth, errors, SDP, capacity, and a
/// call that survives hostile packets.
@Suite(.serialized) struct ControlAPITests {
    @Test func unauthenticatedRequestsGet401AndChangeNothing() async throws {
        let server = try ServerProcess(rtpPorts: 23200...23299)
        defer { server.stop() }
        let api = ControlAPIClient(baseURL: server.baseURL, token: server.token)
        let open = try JSONEncoder().encode(OpenCallRequest(remote: RTPAddress(address: "127.0.0.1", port: 45000)))
        for auth in [ControlAPIClient.Authorization.none, .bearer("wrong-token"), .bearer("")] {
            for (method, path, body) in [("POST", "v1/calls", open), ("GET", "v1/calls", nil), ("DELETE", "v1/calls/x", nil)] {
                let (status, data) = try await api.raw(method, path, body: body, authorization: auth)
                #expect(status == 401, "\(method) \(path)")
                #expect(String(decoding: data, as: UTF8.self).contains("bearer token"))
            }
        }
        let (status, data) = try await api.raw("GET", "v1/calls")
        #expect(status == 200)
        #expect(String(decoding: data, as: UTF8.self) == #"{"calls":[]}"#)
        let (healthStatus, health) = try await api.raw("GET", "healthz", authorization: .none)
        #expect(healthStatus == 200 && String(decoding: health, as: UTF8.self).contains(#""activeCalls":0"#))
    }

    @Test func badRequestsSayWhatIsWrong() async throws {
        let server = try ServerProcess(rtpPorts: 23300...23399)
        defer { server.stop() }
        let api = ControlAPIClient(baseURL: server.baseURL, token: server.token)
        let cases: [(String, Int, String)] = [
            ("{}", 400, "say where to send the engine's audio"),
            ("not json", 400, ""),
            (#"{"voice": "nope", "remote": {"address": "127.0.0.1", "port": 45000}}"#, 404, "available: claims-24x7"),
            (#"{"codec": "G729", "remote": {"address": "127.0.0.1", "port": 45000}}"#, 400, #"unknown codec \"G729\""#),
            (#"{"remote": {"address": "127.0.0.1", "port": 0}}"#, 400, "is not an address and port"),
            (#"{"sdp": "v=0\nc=IN IP4 127.0.0.1\nm=audio 5000 RTP/AVP 18\na=rtpmap:18 G729/8000\n"}"#, 400, "no codec the engine speaks"),
            (#"{"sdp": "v=0\nm=audio x RTP/AVP 0\n"}"#, 400, "SDP line 2"),
        ]
        for (body, expected, message) in cases {
            let (status, data) = try await api.raw("POST", "v1/calls", body: Data(body.utf8))
            let text = String(decoding: data, as: UTF8.self)
            #expect(status == expected, "\(body) → \(status) \(text)")
            #expect(text.contains(#"{"error":{"message":"#), "\(text)")
            if !message.isEmpty { #expect(text.contains(message), "\(text)") }
        }
        for (method, path) in [("GET", "v1/calls/no-such-call"), ("DELETE", "v1/calls/no-such-call"), ("GET", "v1/calls/no-such-call/events")] {
            let (status, data) = try await api.raw(method, path)
            #expect(status == 404, "\(method) \(path) → \(status)")
            #expect(String(decoding: data, as: UTF8.self).contains(#"no call no-such-call (GET \/v1\/calls lists"#), "\(method) \(path)")
        }
    }

    /// An SDP offer (opus first, PCMU, telephone-event) gets an answer with the engine's port,
    /// the first codec it speaks and the offer's event type.
    @Test func anSDPOfferGetsAnAnswer() async throws {
        let server = try ServerProcess(rtpPorts: 23400...23499)
        defer { server.stop() }
        let api = ControlAPIClient(baseURL: server.baseURL, token: server.token)
        let offer = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
            + "m=audio 45010 RTP/AVP 96 0 100\r\na=rtpmap:96 opus/48000/2\r\na=rtpmap:100 telephone-event/8000\r\n"
        let view = try await api.open(OpenCallRequest(sdp: offer))
        #expect(view.info.codec == "opus" && view.info.payloadType == 96 && view.info.telephoneEventPayloadType == 100)
        #expect(view.info.remote == RTPAddress(address: "127.0.0.1", port: 45010))
        let answer = try #require(view.info.sdp)
        #expect(answer.contains("m=audio \(view.info.rtp.port) RTP/AVP 96 100\r\n"))
        #expect(answer.contains("a=rtpmap:96 opus/48000/2\r\n") && answer.contains("a=rtpmap:100 telephone-event/8000\r\n"))
        let ended = try await api.end(view.info.id)
        #expect(ended.info.state == "ended" && ended.record?.outcome == .callerHungUp)
    }

    @Test func callsBeyondCapacityAreRefusedWith503() async throws {
        let server = try ServerProcess(rtpPorts: 23500...23599, extra: ["--max-calls", "1"])
        defer { server.stop() }
        let api = ControlAPIClient(baseURL: server.baseURL, token: server.token)
        let request = OpenCallRequest(remote: RTPAddress(address: "127.0.0.1", port: 45020))
        let first = try await api.open(request)
        let (status, data) = try await api.raw("POST", "v1/calls", body: try JSONEncoder().encode(request))
        #expect(status == 503)
        #expect(String(decoding: data, as: UTF8.self).contains("at capacity: 1 of 1 calls"))
        _ = try await api.end(first.info.id)
        let again = try await api.open(request)
        #expect(again.info.state == "active")
    }

    /// Damaged, foreign and unknown packets are counted and dropped while the call goes on: a key
    /// pressed as RFC 4733 events afterwards still reaches a human.
    @Test func hostilePacketsAreCountedAndDroppedWhileTheCallGoesOn() async throws {
        let server = try ServerProcess(rtpPorts: 23600...23699)
        defer { server.stop() }
        let api = ControlAPIClient(baseURL: server.baseURL, token: server.token)
        let caller = try UDPSocket(), stranger = try UDPSocket()
        let view = try await api.open(OpenCallRequest(codec: "PCMU", remote: RTPAddress(address: "127.0.0.1", port: caller.port)))
        let port = view.info.rtp.port
        var seq: UInt16 = 100, ts: UInt32 = 0
        func audioPacket(pt: UInt8 = 0, marker: Bool = false) -> [UInt8] {
            var out = [UInt8](repeating: 0, count: 12 + 160)
            let header = RTPHeader(marker: marker, payloadType: pt, sequenceNumber: seq, timestamp: ts, ssrc: 0x1234)
            let payload = [UInt8](repeating: 0xFF, count: 160)  // µ-law silence
            _ = out.withUnsafeMutableBytes { o in payload.withUnsafeBytes { try! RTPPacket.write(header: header, payload: $0, into: o) } }
            seq &+= 1
            ts &+= 160
            return out
        }
        let malformed: [[UInt8]] = [
            [0x80, 0x00, 0x00],                                           // short
            [0x40] + [UInt8](repeating: 0, count: 171),                   // version 1
            [0xA0, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0xFF, 200],        // padding longer than the packet
            [0x8F, 0x00] + [UInt8](repeating: 0, count: 20),              // 15 CSRCs in 22 bytes
            [0x90, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0xBE, 0xDE, 0xFF, 0xFF, 1, 2, 3, 4],  // extension of 65535 words
        ]
        for frame in 0..<150 {  // 3 s
            caller.send(audioPacket(marker: frame == 0), toPort: port)
            if frame % 10 == 5 { for m in malformed { caller.send(m, toPort: port) } }
            if frame % 10 == 6 { caller.send(audioPacket(pt: 18), toPort: port) }  // G.729: not negotiated
            if frame % 10 == 7 { stranger.send(audioPacket(), toPort: port) }      // another source
            try await Task.sleep(nanoseconds: 20_000_000)
        }
        // "0" as RFC 4733 events (start, updates, three ends), then more audio.
        let eventTS = ts
        for (i, end) in [false, false, false, false, false, true, true, true].enumerated() {
            var out = [UInt8](repeating: 0, count: 16)
            let event = TelephoneEvent(event: 0, isEnd: end, volume: 10, duration: UInt16(min(i + 1, 5) * 160))
            var body = [UInt8](repeating: 0, count: 4)
            _ = body.withUnsafeMutableBytes { try! event.write(into: $0) }
            let header = RTPHeader(marker: i == 0, payloadType: 101, sequenceNumber: seq, timestamp: eventTS, ssrc: 0x1234)
            _ = out.withUnsafeMutableBytes { o in body.withUnsafeBytes { try! RTPPacket.write(header: header, payload: $0, into: o) } }
            seq &+= 1
            caller.send(out, toPort: port)
            try await Task.sleep(nanoseconds: 20_000_000)
        }
        ts &+= 5 * 160
        var live = try await api.call(view.info.id)
        for _ in 0..<250 where live.info.state != "ended" {  // the transfer line plays out (≈ 2 s)
            caller.send(audioPacket(), toPort: port)
            try await Task.sleep(nanoseconds: 20_000_000)
            live = try await api.call(view.info.id)
        }
        let media = live.info.media
        #expect(live.info.state == "ended" && live.record?.outcome == .transferred)
        #expect(live.record?.digits == "0")
        #expect(media.packetsMalformed == 15 * malformed.count)
        #expect(media.packetsUnknownPayloadType == 15)
        #expect(media.packetsFromOtherSources == 15)
        #expect(media.telephoneEvents == 1)
    }
}
