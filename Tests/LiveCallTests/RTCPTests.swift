import ControlAPI
import Foundation
import LiveCall
import RTP
import Testing
import TestSupport

/// RTCP beside a live call (RFC 3550 §6): the engine sends a sender report with a reception
/// block for the caller's stream every 5 s on the port above its RTP port, and counts the
/// gateway's reports.
@Suite struct LiveRTCPTests {
    @Test func theEngineReportsOnTheCallersStreamAndCountsTheGatewaysReports() async throws {
        let server = try ServerProcess(rtpPorts: 23700...23799)
        defer { server.stop() }
        let api = ControlAPIClient(baseURL: server.baseURL, token: server.token)
        let rtpPort = try #require(LoopbackPorts.freeEvenUDPPort())
        let caller = try UDPSocket(port: rtpPort), control = try UDPSocket(port: rtpPort + 1)
        let view = try await api.open(OpenCallRequest(codec: "PCMU", remote: RTPAddress(address: "127.0.0.1", port: rtpPort)))
        var seq: UInt16 = 7, ts: UInt32 = 0
        let ourSSRC: UInt32 = 0xCAFE
        for frame in 0..<300 {  // 6 s of µ-law silence, a receiver report of ours at 1 s
            var out = [UInt8](repeating: 0, count: 172)
            let header = RTPHeader(marker: frame == 0, payloadType: 0, sequenceNumber: seq, timestamp: ts, ssrc: ourSSRC)
            _ = out.withUnsafeMutableBytes { o in
                [UInt8](repeating: 0xFF, count: 160).withUnsafeBytes { try! RTPPacket.write(header: header, payload: $0, into: o) }
            }
            caller.send(out, toPort: view.info.rtp.port)
            if frame == 50 {
                control.send(RTCPPacket.buildCompound(ssrc: ourSSRC, sender: nil, reports: [], cname: "gateway"),
                             toPort: view.info.rtp.port + 1)
            }
            seq &+= 1
            ts &+= 160
            try await Task.sleep(nanoseconds: 20_000_000)
        }
        var reports: [RTCPPacket] = []
        while let datagram = control.receive(timeoutMs: 200) { reports += try RTCPPacket.parseCompound(datagram) }
        let sender = reports.compactMap { p -> [RTCPReportBlock]? in
            if case .senderReport(_, _, let blocks) = p { blocks } else { nil }
        }
        #expect(!sender.isEmpty, "no sender report in \(reports)")
        // Only reports on our stream: under a parallel test run another test's call may still be
        // reporting to a port this test reuses (such a report has no block for our SSRC).
        let block = try #require(sender.lazy.compactMap { $0.first { $0.ssrc == ourSSRC } }.first, "\(reports)")
        #expect(block.cumulativeLost == 0)
        let info = try await api.call(view.info.id).info
        #expect(info.media.rtcpReceived == 1 && info.media.rtcpSent >= 1)
        _ = try await api.end(view.info.id)
    }
}
