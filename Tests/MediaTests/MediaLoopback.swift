import AudioCore
import Media
import RTP

/// The whole media path without sockets: encode → RTP packets → (loss, jitter) → parse →
/// jitter buffer → decode or conceal. Records what the decoder produced.
struct MediaLoopback {
    struct Result {
        var output: [Float]
        var concealed = 0
        var concealedWithNext = 0
        var played = 0
        var sent = 0
        /// Output ranges produced by concealment.
        var concealedRanges: [Range<Int>] = []
    }

    static func run(codec: MediaCodec, rate: PipelineRate, input: [Float], drop: (Int) -> Bool,
                    jitterMs: (Int) -> Double = { Double($0 % 3) * 5 }, useFEC: Bool = true,
                    ptimeMs: Int = 20) throws -> Result {
        let encoder = try MediaEncoder(codec: codec, pipelineRate: rate, packetDurationMs: ptimeMs, expectedPacketLossPercent: 10)
        let decoder = try MediaDecoder(codec: codec, pipelineRate: rate)
        var stream = RTPOutputStream(payloadType: codec.payloadType, ssrc: 0xCAFE, initialSequenceNumber: 65500,
                                     initialTimestamp: 0xFFFF_F000)
        var buffer = JitterBuffer<[UInt8]>(configuration: JitterBufferConfiguration(clockRateHz: codec.rtpClockRateHz))

        // Send: one datagram per ptime, stamped with its send time.
        var datagrams: [(bytes: [UInt8], atMs: Double)] = []
        var payload = [UInt8](repeating: 0, count: encoder.maxPayloadBytes)
        var datagram = [UInt8](repeating: 0, count: encoder.maxPayloadBytes + 12)
        let frames = input.count / encoder.frameSamples
        for i in 0..<frames {
            let n = try input.withUnsafeBufferPointer { all in
                try payload.withUnsafeMutableBytes { p in
                    try encoder.encode(UnsafeBufferPointer(rebasing: all[(i * encoder.frameSamples)..<((i + 1) * encoder.frameSamples)]), into: p)
                }
            }
            let header = stream.nextAudioHeader(samples: encoder.timestampIncrement, payloadBytes: n)
            let size = try datagram.withUnsafeMutableBytes { out in
                try payload.withUnsafeBytes { p in try RTPPacket.write(header: header, payload: UnsafeRawBufferPointer(rebasing: p[..<n]), into: out) }
            }
            if !drop(i) { datagrams.append((Array(datagram[..<size]), Double(i * ptimeMs) + 30 + jitterMs(i))) }
        }
        datagrams.sort { $0.atMs < $1.atMs }

        // Receive: parse, buffer, and every 10 ms play what is due.
        var result = Result(output: [], sent: frames)
        var out = [Float](repeating: 0, count: decoder.maxOutputSamples)
        var next = 0
        var t = 0.0
        var lastPlayedEnd: Int?
        while t < Double(frames * ptimeMs) + 400 {
            while next < datagrams.count && datagrams[next].atMs <= t {
                let bytes = datagrams[next].bytes
                let packet = try RTPPacket.parse(bytes)
                let body = Array(bytes[packet.payloadRange])
                let duration = body.withUnsafeBytes { decoder.durationSamples(ofPayload: $0) } ?? 0
                let h = packet.header
                _ = buffer.insert(.init(sequenceNumber: h.sequenceNumber, timestamp: h.timestamp, ssrc: h.ssrc, marker: h.marker,
                                        durationSamples: duration, payload: body), arrivalMs: datagrams[next].atMs)
                next += 1
            }
            popping: while true {
                switch buffer.pop(nowMs: t) {
                case let .packet(p):
                    let n = try p.payload.withUnsafeBytes { b in try out.withUnsafeMutableBufferPointer { try decoder.decode(payload: b, into: $0) } }
                    result.output += out[..<n]
                    result.played += 1
                    lastPlayedEnd = result.output.count
                case let .lost(ts, duration, nextPacket):
                    let follows = nextPacket.map { $0.timestamp == ts &+ UInt32(duration) } ?? false
                    let fec = useFEC && follows ? nextPacket?.payload : nil
                    let start = result.output.count
                    let n = try out.withUnsafeMutableBufferPointer { o in
                        if let fec {
                            return try fec.withUnsafeBytes { try decoder.conceal(durationSamples: duration, next: $0, into: o) }
                        }
                        return try decoder.conceal(durationSamples: duration, next: nil, into: o)
                    }
                    result.output += out[..<n]
                    result.concealedRanges.append(start..<(start + n))
                    result.concealed += 1
                    if follows { result.concealedWithNext += 1 }
                case .empty:
                    break popping
                }
            }
            t += 10
        }
        // After the last packet the buffer conceals up to maxConcealmentMs before it decides
        // the sender stopped: those frames are not losses of this stream.
        if let end = lastPlayedEnd {
            let tail = result.concealedRanges.filter { $0.lowerBound >= end }.count
            result.concealed -= tail
            result.concealedRanges.removeLast(tail)
            result.output.removeLast(result.output.count - end)
        }
        return result
    }
}
