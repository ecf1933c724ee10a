import AudioCore
import Foundation
@testable import LiveCall
import Media
import NIOCore
import RTP
import Session
import TestSupport

/// A recorded caller as the engine hears it over a network, on a virtual clock: the recording
/// sent as 20 ms PCMU RTP packets in real time, through an `ImpairedLink`, into the call's own
/// `MediaPath` (jitter buffer, decoder, concealment), played out 10 ms at a time — what a live
/// call's media clock does, without sockets or waiting. A `CallerAudioSource`, so
/// `CallReplayer` runs the same session on it; the same seed gives the same call every time.
struct NetworkPlayout: CallerAudioSource {
    private(set) var media: MediaPath
    private(set) var link: ImpairedLink<[UInt8]>
    private let packets: [[UInt8]]
    private var sent = 0
    private var nowMs = 0.0
    private var started = false
    private let source: SocketAddress
    /// The packets sent every 20 ms and how long the stream plays on after the last one.
    static let packetMs = 20.0, drainMs = 500.0

    init(samples: [Float], network: NetworkImpairment) throws {
        source = try SocketAddress(ipAddress: "127.0.0.1", port: 30000)
        let codec = NegotiatedCodec(mediaCodec: .pcmu)
        media = try MediaPath(codec: codec, rate: .narrowband, remote: source)
        link = ImpairedLink(network)
        let encoder = try MediaEncoder(codec: .pcmu, pipelineRate: .narrowband)
        var stream = RTPOutputStream(payloadType: 0, ssrc: 0xCA11, initialSequenceNumber: 4000, initialTimestamp: 160_000)
        var payload = [UInt8](repeating: 0, count: encoder.maxPayloadBytes)
        var packets: [[UInt8]] = []
        for start in stride(from: 0, to: samples.count - 159, by: 160) {
            let n = try samples[start..<start + 160].withUnsafeBufferPointer { s in
                try payload.withUnsafeMutableBytes { try encoder.encode(s, into: $0) }
            }
            let header = stream.nextAudioHeader(samples: 160, payloadBytes: n)
            var packet = [UInt8](repeating: 0, count: 12 + n)  // the 12-byte fixed header
            _ = try packet.withUnsafeMutableBytes { o in
                try payload[0..<n].withUnsafeBytes { try RTPPacket.write(header: header, payload: $0, into: o) }
            }
            packets.append(packet)
        }
        self.packets = packets
    }

    /// What the network did to the stream so far.
    var counts: ImpairedLink<[UInt8]>.Counts { link.counts }

    /// The rest of the stream, after the call stopped listening (it ended before the caller
    /// hung up): sent, through the link and into the media path, so its counters cover the
    /// whole stream, as the proxy's do in the live test.
    mutating func deliverRest() {
        while sent < packets.count || link.nextReleaseMs != nil || link.isHolding { advance() }
    }

    mutating func nextHop(into hop: UnsafeMutableBufferPointer<Float>) -> CallerHop? {
        // The call starts when the first packet plays out, as a live call's session does.
        while !started {
            advance()
            started = media.hasStarted(nowMs: nowMs)
            if !started, nowMs > 10_000 { return nil }
        }
        let endMs = Double(packets.count) * Self.packetMs + Self.drainMs
        guard nowMs < endMs else { return nil }
        let heard = media.nextCallerHop(nowMs: nowMs, into: hop)
        advance()
        return heard ? .heard : .nothing
    }

    /// 10 ms on: the sender's packets due by then go into the link, the link's due ones arrive.
    private mutating func advance() {
        nowMs += 10
        while sent < packets.count, Double(sent) * Self.packetMs <= nowMs {
            link.receive(packets[sent], nowMs: Double(sent) * Self.packetMs)
            sent += 1
        }
        if sent == packets.count, link.isHolding { link.releaseHeld(nowMs: nowMs) }
        while let releaseMs = link.nextReleaseMs, releaseMs <= nowMs, let datagram = link.popDue(nowMs: nowMs) {
            datagram.withUnsafeBytes { media.receive($0, from: source, arrivalMs: releaseMs) }
        }
    }
}
