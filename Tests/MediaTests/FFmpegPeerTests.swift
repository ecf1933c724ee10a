import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Testing
import AudioCore
import Media
import RTP
import TestSupport

/// ffmpeg as a real RTP peer on loopback: it sends a 440 Hz tone (its `sine` source, peak
/// 1/8) in real time as RTP; a UDP socket here receives the datagrams with their arrival
/// times, then they go through parse → jitter buffer → decoder like a live call's.
@Suite(.serialized) struct FFmpegPeerTests {
    struct Datagram { var bytes: [UInt8]; var arrivalMs: Double }

    /// Binds 127.0.0.1 on an even port the kernel picks (ffmpeg sends RTCP to port + 1).
    static func openSocket() throws -> (fd: Int32, port: UInt16) {
        for _ in 0..<20 {
            let fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
            guard fd >= 0 else { throw POSIXError(.EIO) }
            var addr = sockaddr_in()
            addr.sin_family = sa_family_t(AF_INET)
            addr.sin_addr.s_addr = inet_addr("127.0.0.1")
            addr.sin_port = 0
            var len = socklen_t(MemoryLayout<sockaddr_in>.size)
            let bound = withUnsafeMutablePointer(to: &addr) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) == 0 && getsockname(fd, $0, &len) == 0 }
            }
            let port = UInt16(bigEndian: addr.sin_port)
            if bound && port % 2 == 0 {
                var timeout = timeval(tv_sec: 0, tv_usec: 300_000)
                setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
                return (fd, port)
            }
            close(fd)
        }
        throw POSIXError(.EADDRINUSE)
    }

    static func monotonicMs() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) * 1000 + Double(ts.tv_nsec) / 1e6
    }

    /// Runs ffmpeg with `codecArguments` towards a fresh socket and collects what arrives.
    static func receive(codecArguments: [String], seconds: Double) throws -> [Datagram] {
        let (fd, port) = try openSocket()
        defer { close(fd) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["ffmpeg", "-hide_banner", "-loglevel", "error", "-re", "-f", "lavfi",
                             "-i", "sine=frequency=440:sample_rate=48000:duration=\(seconds)"]
            + codecArguments + ["-f", "rtp", "rtp://127.0.0.1:\(port)"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        var datagrams: [Datagram] = []
        var buffer = [UInt8](repeating: 0, count: 2048)
        let deadline = monotonicMs() + (seconds + 8) * 1000
        while monotonicMs() < deadline {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n > 0 {
                datagrams.append(Datagram(bytes: Array(buffer[..<n]), arrivalMs: monotonicMs()))
            } else if !process.isRunning {
                break  // ffmpeg is done and nothing more came within the receive timeout
            }
        }
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        return datagrams
    }

    /// Parse → jitter buffer (real arrival times, 10 ms playout ticks) → decode.
    static func play(_ datagrams: [Datagram], codec: MediaCodec, rate: PipelineRate) throws
        -> (samples: [Float], stats: JitterBufferStatistics) {
        let decoder = try MediaDecoder(codec: codec, pipelineRate: rate)
        var buffer = JitterBuffer<[UInt8]>(configuration: JitterBufferConfiguration(clockRateHz: codec.rtpClockRateHz))
        var out = [Float](repeating: 0, count: decoder.maxOutputSamples)
        var samples: [Float] = []
        guard let start = datagrams.first?.arrivalMs, let end = datagrams.last?.arrivalMs else { return ([], buffer.statistics) }
        var next = 0
        var t = start
        while t < end + 500 {
            while next < datagrams.count && datagrams[next].arrivalMs <= t {
                let bytes = datagrams[next].bytes
                let packet = try RTPPacket.parse(bytes)
                let body = Array(bytes[packet.payloadRange])
                let duration = body.withUnsafeBytes { decoder.durationSamples(ofPayload: $0) } ?? 0
                let h = packet.header
                _ = buffer.insert(.init(sequenceNumber: h.sequenceNumber, timestamp: h.timestamp, ssrc: h.ssrc,
                                        marker: h.marker, durationSamples: duration, payload: body),
                                  arrivalMs: datagrams[next].arrivalMs)
                next += 1
            }
            popping: while true {
                switch buffer.pop(nowMs: t) {
                case let .packet(p):
                    let n = try p.payload.withUnsafeBytes { b in try out.withUnsafeMutableBufferPointer { try decoder.decode(payload: b, into: $0) } }
                    samples += out[..<n]
                case let .lost(_, duration, _):
                    let n = try out.withUnsafeMutableBufferPointer { try decoder.conceal(durationSamples: duration, next: nil, into: $0) }
                    samples += out[..<n]
                case .empty:
                    break popping
                }
            }
            t += 10
        }
        return (samples, buffer.statistics)
    }

    @Test("PCMU from ffmpeg (20 ms packets) decodes to its 440 Hz tone at 8 and 16 kHz")
    func pcmuFromFFmpeg() throws {
        let datagrams = try Self.receive(codecArguments: ["-af", "aresample=8000,asetnsamples=n=160:p=0", "-ac", "1",
                                                          "-c:a", "pcm_mulaw"], seconds: 1.5)
        try #require(datagrams.count >= 70, "received \(datagrams.count) datagrams from ffmpeg")
        let first = try RTPPacket.parse(datagrams[0].bytes)
        #expect(first.header.payloadType == 0)
        #expect(first.payloadCount == 160)
        for rate in PipelineRate.allCases {
            let (samples, stats) = try Self.play(datagrams, codec: .pcmu, rate: rate)
            #expect(stats.played == datagrams.count)
            #expect(stats.lost == 0 && stats.late == 0)
            let middle = samples[(rate.hz / 4)..<(rate.hz)]
            let amplitude = SignalMeasure.toneAmplitude(middle, frequencyHz: 440, sampleRateHz: rate.hz)
            #expect(abs(amplitude - 0.125) < 0.01, "440 Hz amplitude \(amplitude) at \(rate.hz) Hz")
            #expect(SignalMeasure.dominantTone(Array(middle), candidatesHz: [220, 330, 440, 550, 880], sampleRateHz: rate.hz) == 440)
        }
    }

    @Test("Opus from ffmpeg (RFC 7587, 48 kHz clock) decodes to its 440 Hz tone at 16 kHz")
    func opusFromFFmpeg() throws {
        let datagrams = try Self.receive(codecArguments: ["-ac", "1", "-c:a", "libopus", "-b:a", "24k", "-frame_duration", "20",
                                                          "-application", "voip", "-payload_type", "111"], seconds: 1.5)
        try #require(datagrams.count >= 70, "received \(datagrams.count) datagrams from ffmpeg")
        let headers = try datagrams.map { try RTPPacket.parse($0.bytes).header }
        #expect(headers.allSatisfy { $0.payloadType == 111 })
        #expect(RTPSerial.distance(from: headers[0].timestamp, to: headers[1].timestamp) == 960)  // 20 ms at 48 kHz
        let rate = PipelineRate.wideband
        let (samples, stats) = try Self.play(datagrams, codec: .opus(payloadType: 111), rate: rate)
        #expect(stats.played == datagrams.count)
        #expect(stats.lost == 0)
        let middle = samples[(rate.hz / 4)..<(rate.hz)]
        let amplitude = SignalMeasure.toneAmplitude(middle, frequencyHz: 440, sampleRateHz: rate.hz)
        #expect(abs(amplitude - 0.125) < 0.025, "440 Hz amplitude \(amplitude)")
    }
}
