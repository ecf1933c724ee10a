// `make bench`, live path: real `CallEngine` calls on loopback, driven by an RTP caller in this
// process, measured from the wire (packet send and arrival times on one monotonic clock):
// - barge-in: from the first packet of caller speech sent during a prompt to the first packet of
//   the engine's RTP that starts its silence (target ≤ the 200 ms speech-start threshold + 40 ms);
// - answer start: from the end-of-turn decision (the engine's callerTurn event) to the first
//   packet of the answer's audio (target ≤ 20 ms with rendered prompts);
// - per-hop processing time p50/p99 on the engine's side (every hop of every call), and the
//   session's heap allocations per hop in steady state.
// Usage: ivr-live-bench OUT.txt [calls]. Loopback only; each call stops by itself.
// `ivr-live-bench capacity OUT.txt [LEVELS] [SECONDS]`: the capacity ramp (CapacityBench.swift).
import AudioCore
import AudioFiles
import Codecs
import Dispatch
import Foundation
import LiveCall
import Logging
import MallocCounter
import NIOCore
import NIOPosix
import RTP
import Session
import Synchronization

@Sendable func nowNs() -> UInt64 { NIODeadline.now().uptimeNanoseconds }

/// What the caller's socket received: arrival time and level of each engine packet.
final class Arrivals: Sendable {
    let packets = Mutex<[(ns: UInt64, dbfs: Float, marker: Bool)]>([])
}

final class Receiver: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>
    let arrivals: Arrivals
    let g711 = G711Codec(law: .ulaw)
    init(_ a: Arrivals) { arrivals = a }
    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let t = nowNs()
        let envelope = unwrapInboundIn(data)
        let (level, marker): (Float, Bool) = envelope.data.withUnsafeReadableBytes { bytes in
            guard let p = try? RTPPacket.parse(bytes) else { return (-200, false) }
            let payload = p.payload(in: bytes)
            var sum: Float = 0
            for b in payload { let x = g711.decode(byte: b); sum += x * x }
            return (payload.isEmpty ? -200 : 10 * log10(max(sum / Float(payload.count), 1e-20)), p.header.marker)
        }
        arrivals.packets.withLock { $0.append((t, level, marker)) }
    }
}

/// The caller's side: one 20 ms PCMU packet per frame, silence or the speech clip; confined to
/// the channel's loop.
final class CallerSender: @unchecked Sendable {
    var output: RTPOutputStream
    let speech: [Float]
    let g711 = G711Codec(law: .ulaw)
    init(ssrc: UInt32, speech: [Float]) {
        output = RTPOutputStream(payloadType: 0, ssrc: ssrc, initialSequenceNumber: 1, initialTimestamp: 0)
        self.speech = speech
    }
    /// Sends frame `f` of the speech (silence outside it); returns when it was sent.
    func send(frame f: Int, on channel: any Channel, to remote: SocketAddress) -> UInt64 {
        var payload = [UInt8](repeating: 0xFF, count: 160)
        let s = f * 160
        if s >= 0, s + 160 <= speech.count {
            for i in 0..<160 { payload[i] = g711.encode(sample: speech[s + i]) }
        }
        var packet = [UInt8](repeating: 0, count: 172)
        let header = output.nextAudioHeader(samples: 160, payloadBytes: 160)
        _ = packet.withUnsafeMutableBytes { o in payload.withUnsafeBytes { try? RTPPacket.write(header: header, payload: $0, into: o) } }
        var buffer = channel.allocator.buffer(capacity: packet.count)
        buffer.writeBytes(packet)
        channel.writeAndFlush(AddressedEnvelope(remoteAddress: remote, data: buffer), promise: nil)
        return NIODeadline.now().uptimeNanoseconds
    }
}

struct CallFigures {
    var bargeInMs: Double?
    /// Of which: speech onset on the wire → the engine's barge-in decision.
    var bargeInDecisionMs: Double?
    var answerStartMs: Double?
    var media: MediaStatistics
}

@main
enum LiveBench {
    static func main() async throws {
        let args = CommandLine.arguments
        guard args.count >= 2, args[1] != "capacity" || args.count >= 3 else {
            FileHandle.standardError.write(Data("usage: ivr-live-bench OUT.txt [calls] | ivr-live-bench capacity OUT.txt [5,10,20,…] [seconds]\n".utf8))
            exit(2)
        }
        if args[1] == "capacity" {
            let levels = args.count > 3 ? args[3].split(separator: ",").compactMap { Int($0) }
                : [5, 10, 20, 40, 60, 70, 80, 90, 100, 120, 140, 160, 200, 240, 280, 320]
            try await CapacityBench.run(out: args[2], levels: levels, seconds: args.count > 4 ? Double(args[4]) ?? 20 : 20)
            return
        }
        let callCount = args.count > 2 ? Int(args[2]) ?? 8 : 8
        let lines = Mutex<[String]>([])
        @Sendable func report(_ s: String) { print(s); lines.withLock { $0.append(s) } }

        // Real speech, trimmed to its voice onset so "speech starts" is the first packet sent.
        let clip = try AudioFileReader.read(url: URL(fileURLWithPath: "/usr/share/codec2/wav/hts1a.wav"), channel: .mix)
        var trimmed = clip.sampleRateHz == 8000 ? clip.samples : try Resampler(inputRateHz: clip.sampleRateHz, outputRateHz: 8000).resample(clip.samples)
        if let onset = stride(from: 0, to: trimmed.count - 80, by: 80).first(where: { Level.rmsDBFS(trimmed[$0..<$0 + 80]) > -35 }) {
            trimmed = Array(trimmed[onset...])
        }
        let speech = Array(trimmed.prefix(8000 * 2))

        let engine = try BenchEngine.make(label: "ivr.live-bench", logLevel: .warning, rtpPorts: 29000...29199, maxCalls: 4)

        /// Wall times of the engine's events, per call.
        let eventTimes = Mutex<[String: [(type: String, ns: UInt64)]]>([:])
        engine.subscribe { id, event in
            let t = nowNs()
            eventTimes.withLock { $0[id, default: []].append((event.type, t)) }
        }




        func runCall(_ n: Int) async throws -> CallFigures {
            let arrivals = Arrivals()
            let channel = try await DatagramBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .channelInitializer { ch in ch.eventLoop.makeCompletedFuture { try ch.pipeline.syncOperations.addHandler(Receiver(arrivals)) } }
                .bind(host: "127.0.0.1", port: 0).get()
            defer { channel.close(promise: nil) }
            let info = try await engine.open(OpenCallRequest(voice: "claims-24x7", codec: "PCMU",
                                                             remote: RTPAddress(address: "127.0.0.1", port: channel.localAddress!.port!)))
            let remote = try SocketAddress(ipAddress: "127.0.0.1", port: info.rtp.port)
            // 3 s of silence while the greeting plays, 2 s of speech over it, then silence until the
            // engine has answered the turn (about 5 s more).
            let frames = (3 + 2 + 6) * 50
            let sender = CallerSender(ssrc: 0x5EED0000 | UInt32(n), speech: speech)
            let speechStartFrame = 150
            var speechSentNs: UInt64 = 0
            let start = nowNs()
            for f in 0..<frames {
                let due = NIODeadline.uptimeNanoseconds(start + UInt64(f) * 20_000_000)
                let sentAt: UInt64 = try await channel.eventLoop.scheduleTask(deadline: due) {
                    sender.send(frame: f - speechStartFrame, on: channel, to: remote)
                }.futureResult.get()
                if f == speechStartFrame { speechSentNs = sentAt }
            }
            let (_, _) = await engine.end(info.id, reason: "bench call over") ?? (info, CallRecord(voice: "", outcome: .interrupted, durationSec: 0, events: []))
            let final = await engine.call(info.id)
            let packets = arrivals.packets.withLock { $0 }
            let events = eventTimes.withLock { $0[info.id] ?? [] }
            var figures = CallFigures(media: final?.0.media ?? MediaStatistics())
            // Barge-in: the first engine packet after the speech began that starts ≥ 200 ms of silence.
            let after = packets.filter { $0.ns >= speechSentNs }
            if events.contains(where: { $0.type == "bargeIn" }) {
                for i in after.indices where after[i].dbfs < -70 {
                    let run = after[i..<min(after.count, i + 10)]
                    if run.count == 10, run.allSatisfy({ $0.dbfs < -70 }) {
                        figures.bargeInMs = Double(after[i].ns - speechSentNs) / 1e6
                        break
                    }
                }
            }
            if let decided = events.first(where: { $0.type == "bargeIn" })?.ns {
                figures.bargeInDecisionMs = Double(Int64(decided) - Int64(speechSentNs)) / 1e6
            }
            // Answer start: the engine's callerTurn decision to the first packet of the answer (its
            // talk spurt's first packet: marker bit set).
            if let decided = events.first(where: { $0.type == "callerTurn" })?.ns,
               let answer = packets.first(where: { $0.ns >= decided && $0.marker }) {
                figures.answerStartMs = Double(answer.ns - decided) / 1e6
            }
            return figures
        }

        func percentile(_ xs: [Double], _ p: Double) -> Double {
            let s = xs.sorted()
            return s.isEmpty ? .nan : s[min(s.count - 1, Int((Double(s.count - 1) * p).rounded()))]
        }

        var figures: [CallFigures] = []
        for n in 0..<callCount { figures.append(try await runCall(n)) }
        let barge = figures.compactMap(\.bargeInMs), answer = figures.compactMap(\.answerStartMs)
        let decision = figures.compactMap(\.bargeInDecisionMs)
        let load = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").first.map(String.init) ?? "?"
        report("Live path on loopback (release, \(callCount) PCMU calls in this process, one at a time; caller = real speech "
               + "(codec2 hts1a) sent as RTP 3 s into the greeting; 1-minute load average \(load))")
        report(String(format: "barge-in, caller speech onset on the wire → engine RTP silent: median %.0f ms, max %.0f ms (%d of %d calls barged in; target ≤ 200 + 40 ms)",
                      percentile(barge, 0.5), barge.max() ?? .nan, barge.count, callCount))
        report(String(format: "  of which speech onset on the wire → the engine's barge-in decision: median %.0f ms, max %.0f ms "
                      + "(the 200 ms start threshold is complete with the 10th 20 ms packet, sent 180 ms after the first; decided as it arrives)", percentile(decision, 0.5), decision.max() ?? .nan))
        report(String(format: "answer start, end-of-turn decision → first RTP packet of the answer: median %.1f ms, max %.1f ms (%d calls; target ≤ 20 ms)",
                      percentile(answer, 0.5), answer.max() ?? .nan, answer.count))
        let p50 = figures.map(\.media.hopProcessingP50Us), p99 = figures.map(\.media.hopProcessingP99Us)
        report(String(format: "engine per 10 ms hop (listener with echo cancellation, dialogue, player): p50 %.0f µs, p99 %.0f µs (worst call's), max %.0f µs",
                      p50.max() ?? .nan, p99.max() ?? .nan, figures.map(\.media.hopProcessingMaxUs).max() ?? .nan))
        report("late output packets: \(figures.map(\.media.lateOutputPackets).reduce(0, +)); packets in \(figures.map(\.media.packetsReceived).reduce(0, +)), out \(figures.map(\.media.packetsSent).reduce(0, +)), lost \(figures.map(\.media.packetsLost).reduce(0, +))")

        // Allocations per hop of the session (listener, echo canceller, dialogue, player) in steady
        // state: a fixture call through CallSession on this thread, hops that handed the dialogue nothing.
        do {
            let brand = try engine.voices.voice("claims-24x7")
            let caller = try AudioFileReader.read(url: URL(fileURLWithPath: "audio-fixtures/calls/irritated-caller.wav"), channel: .mix).samples
            let session = try CallSession(brand: brand.brand, rate: .narrowband, prompts: brand.prompts)
            var actions: [CallAction] = []
            actions.reserveCapacity(64)
            session.start(into: &actions)
            var engineHop = [Float](repeating: 0, count: 80)
            var steady = 0, allocations = 0
            try caller.withUnsafeBufferPointer { all in
                for h in 0..<(all.count / 80) where !session.isOver {
                    actions.removeAll(keepingCapacity: true)
                    let before = session.dialogueEventCount
                    ivr_malloc_counter_start()
                    engineHop.withUnsafeMutableBufferPointer { session.hop(caller: UnsafeBufferPointer(rebasing: all[h * 80..<(h + 1) * 80]), engine: $0, into: &actions) }
                    let n = ivr_malloc_counter_stop()
                    if h >= 300, actions.isEmpty, session.dialogueEventCount == before { steady += 1; allocations += n }
                    for case .render(let r) in actions { session.promptRendered(r.id, audio: try brand.prompts.render(r.utterance, rateHz: 8000), into: &actions) }
                }
            }
            report(String(format: "session allocations per hop in steady state: %.3f (%d allocations in %d hops of a fixture call)",
                          Double(allocations) / Double(max(1, steady)), allocations, steady))
        }
        try (lines.withLock { $0 }.joined(separator: "\n") + "\n").write(toFile: args[1], atomically: true, encoding: .utf8)
    }
}
