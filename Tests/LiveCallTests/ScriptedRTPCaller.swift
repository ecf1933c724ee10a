import RTP
import TestSupport

/// A caller on a plain UDP socket: µ-law silence as 20 ms RTP packets and keys as RFC 4733
/// events, sent when the test says (the test paces them).
final class ScriptedRTPCaller {
    let socket: UDPSocket
    let enginePort: Int
    private var seq: UInt16 = 100
    private var ts: UInt32 = 0
    private var first = true

    init(socket: UDPSocket, enginePort: Int) {
        self.socket = socket
        self.enginePort = enginePort
    }

    /// One 20 ms packet of silence.
    func sendSilence() {
        var out = [UInt8](repeating: 0, count: 12 + 160)
        let header = RTPHeader(marker: first, payloadType: 0, sequenceNumber: seq, timestamp: ts, ssrc: 0x5EE5)
        let payload = [UInt8](repeating: 0xFF, count: 160)
        _ = out.withUnsafeMutableBytes { o in payload.withUnsafeBytes { try! RTPPacket.write(header: header, payload: $0, into: o) } }
        first = false
        seq &+= 1
        ts &+= 160
        socket.send(out, toPort: enginePort)
    }

    /// The RFC 4733 packets of one key (start, updates, three ends), to be sent 20 ms apart.
    func keyPackets(_ event: UInt8) -> [[UInt8]] {
        let eventTS = ts
        var packets: [[UInt8]] = []
        for (i, end) in [false, false, false, false, false, true, true, true].enumerated() {
            var out = [UInt8](repeating: 0, count: 16)
            let tone = TelephoneEvent(event: event, isEnd: end, volume: 10, duration: UInt16(min(i + 1, 5) * 160))
            var body = [UInt8](repeating: 0, count: 4)
            _ = body.withUnsafeMutableBytes { try! tone.write(into: $0) }
            let header = RTPHeader(marker: i == 0, payloadType: 101, sequenceNumber: seq, timestamp: eventTS, ssrc: 0x5EE5)
            _ = out.withUnsafeMutableBytes { o in body.withUnsafeBytes { try! RTPPacket.write(header: header, payload: $0, into: o) } }
            seq &+= 1
            packets.append(out)
        }
        ts &+= 5 * 160
        return packets
    }

    func send(_ packet: [UInt8]) { socket.send(packet, toPort: enginePort) }
}
