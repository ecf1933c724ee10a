// `ivr-live-bench capacity OUT.txt [LEVELS] [SECONDS]`: how many concurrent PCMU calls one
// engine carries on this machine. Each level opens that many calls at once on an in-process
// `CallEngine` (the event loops `ivr serve` uses) and streams a fixture caller into each as real-time
// RTP from a load generator in the same process (its own event loop thread, same machine), then
// measures over SECONDS (after 4 s of warm-up): the engine's late output packets, each stage's
// time per hop (`MediaTimings`), the media clock's tick lateness, and CPU — this process's and
// the other processes'. A level passes with 0 late output packets and a session hop p99 ≤ 10 ms;
// the ramp stops after two failing levels. On a shared machine each level waits (≤ 5 min) for the
// other processes to be quiet, and a level that fails while they took > 20 % of a core is
// measured again (three times at most); the capacity is the largest passing level below the first
// level that failed on a quiet machine.
// Loopback only, ports 28400–29999 (800 calls); every call is ended by the bench.
import AudioFiles
import Codecs
import Foundation
import LiveCall
import Logging
import NIOCore
import NIOPosix
import RTP
import Session
import Synchronization

/// Counts the engine's packets arriving at one caller's socket (on the generator's loop).
final class PacketCounter: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>
    var received = 0
    func channelRead(context: ChannelHandlerContext, data: NIOAny) { received += 1 }
}

/// The callers: every 20 ms (absolute deadlines) one µ-law packet to each call's engine port from
/// the caller's own socket. Confined to its event loop.
final class LoadGenerator: @unchecked Sendable {
    struct Caller {
        var channel: any Channel
        var counter: PacketCounter
        var engine: SocketAddress
        var output: RTPOutputStream
        var audio: Int
        /// The generator frame at which this caller starts talking.
        var firstFrame: Int
    }
    let loop: any EventLoop
    /// The fixture callers' audio, µ-law, whole 20 ms frames.
    let audio: [[UInt8]]
    var callers: [Caller] = []
    private var startNs: UInt64 = 0
    private(set) var frame = 0
    private var task: Scheduled<Void>?
    /// The generator's own lateness (a late generator is jitter the engine's buffer absorbs).
    private(set) var worstLateMs = 0.0

    init(loop: any EventLoop, audio: [[UInt8]]) {
        self.loop = loop
        self.audio = audio
    }

    func start() {
        startNs = NIODeadline.now().uptimeNanoseconds
        frame = 0
        worstLateMs = 0
        schedule()
    }

    func stop() {
        task?.cancel()
        task = nil
    }

    private func schedule() {
        let due = NIODeadline.uptimeNanoseconds(startNs + UInt64(frame) * 20_000_000)
        task = loop.scheduleTask(deadline: due) { [self] in
            worstLateMs = max(worstLateMs, Double(Int64(NIODeadline.now().uptimeNanoseconds) - Int64(due.uptimeNanoseconds)) / 1e6)
            send()
            frame += 1
            schedule()
        }
    }

    private func send() {
        for i in callers.indices where frame >= callers[i].firstFrame {
            let f = frame - callers[i].firstFrame
            let source = audio[callers[i].audio]
            let start = (f * 160) % (source.count - 160)
            let header = callers[i].output.nextAudioHeader(samples: 160, payloadBytes: 160)
            var packet = [UInt8](repeating: 0, count: RTPPacket.byteCount(payloadBytes: 160))
            let n = packet.withUnsafeMutableBytes { out in
                source.withUnsafeBytes { (try? RTPPacket.write(header: header, payload: UnsafeRawBufferPointer(rebasing: $0[start..<start + 160]), into: out)) ?? 0 }
            }
            var buffer = callers[i].channel.allocator.buffer(capacity: n)
            buffer.writeBytes(packet[0..<n])
            callers[i].channel.writeAndFlush(AddressedEnvelope(remoteAddress: callers[i].engine, data: buffer), promise: nil)
        }
    }

    var received: Int { callers.reduce(0) { $0 + $1.counter.received } }
}

struct LevelFigures {
    var calls: Int
    var opened: Int
    var refused: [String]
    var lateOutputPackets: Int
    var packetsSent: Int
    var stageP99Us: [MediaStage: Double]
    var stageP50Us: [MediaStage: Double]
    var sessionMaxUs: Double
    var tickLatenessP99Ms: Double
    var tickLatenessMaxMs: Double
    var ticksOver10Ms: Int
    var ticks: Int
    var processCPUPercent: Double
    var generatorCPUPercent: Double
    var generatorWorstLateMs: Double
    /// Every process's CPU use over the window, % of one core (this one's included).
    var machineCPUPercent: Double
    var overloadSeen: String?
    var otherCPUPercent: Double { max(0, machineCPUPercent - processCPUPercent) }
    /// Other processes took the CPU while the level was measured.
    var busy: Bool { otherCPUPercent > CapacityBench.busyOthersPercent }
    var passes: Bool { opened == calls && lateOutputPackets == 0 && (stageP99Us[.session] ?? .infinity) <= 10_000 }
}

enum CapacityBench {
    static func threadCPUSeconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    static func processCPUSeconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    /// The machine's CPU time so far, busy and total, in clock ticks (/proc/stat, all cores).
    static func machineCPU() -> (busy: Double, total: Double) {
        let stat = (try? String(contentsOfFile: "/proc/stat", encoding: .utf8)) ?? ""
        guard let line = stat.split(separator: "\n").first, line.hasPrefix("cpu ") else { return (0, 0) }
        let v = line.split(separator: " ").dropFirst().compactMap { Double($0) }
        guard v.count >= 5 else { return (0, 0) }
        let idle = v[3] + v[4]  // idle + iowait
        let total = v.prefix(8).reduce(0, +)  // user nice system idle iowait irq softirq steal
        return (total - idle, total)
    }

    /// Other processes using more than this (% of one core) during a level make it suspect.
    static let busyOthersPercent = 20.0

    /// Waits (at most 5 minutes) until the machine, this process aside, used under 15 % of one core
    /// over 5 s; returns the seconds waited (0 when it was quiet at once).
    static func waitForQuietMachine() async -> Double {
        let start = Date()
        for attempt in 0..<60 {
            let (m0, p0) = (machineCPU(), processCPUSeconds())
            try? await Task.sleep(nanoseconds: 5_000_000_000)
            let (m1, p1) = (machineCPU(), processCPUSeconds())
            let cores = Double(ProcessInfo.processInfo.activeProcessorCount)
            let machine = (m1.busy - m0.busy) / max(1, m1.total - m0.total) * cores * 100
            let others = machine - (p1 - p0) / 5 * 100
            if others < 15 { return attempt == 0 ? 0 : Date().timeIntervalSince(start) }
        }
        return Date().timeIntervalSince(start)
    }

    static func loadAverage() -> String {
        (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").prefix(3).joined(separator: " ") ?? "?"
    }

    static func run(out: String, levels: [Int], seconds: Double) async throws {
        var lines: [String] = []
        func report(_ s: String) { print(s); lines.append(s) }
        let fixtures = ["calm", "irritated", "anxious", "bored"]
        let g711 = G711Codec(law: .ulaw)
        let audio = try fixtures.map { name -> [UInt8] in
            let file = try AudioFileReader.read(url: URL(fileURLWithPath: "audio-fixtures/calls/\(name)-caller.wav"), channel: .mix)
            precondition(file.sampleRateHz == 8000, "the fixture calls are 8 kHz")
            return g711.encode(Array(file.samples.prefix(file.samples.count / 160 * 160)))
        }

        let engine = try BenchEngine.make(label: "ivr.capacity-bench", logLevel: .error, rtpPorts: 28400...29999, maxCalls: 800)
        let generatorGroup = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let loop = generatorGroup.next()
        let generator = LoadGenerator(loop: loop, audio: audio)
        let engineThreads = System.coreCount

        let startLoad = loadAverage()
        report("Capacity: concurrent PCMU calls on one engine (release build, in-process CallEngine on \(engineThreads) event loops "
               + "= \(ProcessInfo.processInfo.activeProcessorCount) cores; RTP on loopback)")
        report("Load generator on the same machine, in the same process: one event loop thread sending each call a fixture caller "
               + "(calm/irritated/anxious/bored, in turn) as 20 ms µ-law packets in real time, each from its call's opening; "
               + "per level: open N calls, \(Int(4)) s warm-up, \(Int(seconds)) s measured, calls ended.")
        report("Pass: 0 late output packets (engine packets sent > 20 ms after due) and session hop p99 ≤ 10 ms (every hop of every call).")
        report("Load average at start: \(startLoad)")
        report("")
        let widths = [5, 6, 9, 23, 14, 17, 19, 12, 7, 5]
        func row(_ cells: [String]) -> String {
            zip(cells, widths).map { String(repeating: " ", count: max(0, $1 - $0.count)) + $0 }.joined(separator: " ")
        }
        report(row(["calls", "late", "pkts out", "session p50/p99/max µs", "decode p99 µs", "encode+send p99 µs", "tick late p99/max ms",
                    "ticks >10ms", "CPU %", "pass"]))
        var figures: [LevelFigures] = []
        var failures = 0
        for level in levels {
            // On a shared machine: start each level when the others are quiet, and measure a level
            // again (once) when it failed while other processes took the CPU.
            var waited = await waitForQuietMachine()
            var f = try await runLevel(level, engine: engine, generator: generator, seconds: seconds)
            var note = ""
            for _ in 0..<2 where !f.passes && f.busy {
                note += String(format: "  (measured again: failed with other processes at %.0f %%: %d late packets, session p99 %.0f µs)",
                               f.otherCPUPercent, f.lateOutputPackets, f.stageP99Us[.session] ?? 0)
                waited += await waitForQuietMachine()
                f = try await runLevel(level, engine: engine, generator: generator, seconds: seconds)
            }
            if waited > 0 { note += "  (waited \(Int(waited)) s for a quiet machine)" }
            figures.append(f)
            let cells = row([
                "\(level)", "\(f.lateOutputPackets)", "\(f.packetsSent)",
                String(format: "%.0f/%.0f/%.0f", f.stageP50Us[.session] ?? 0, f.stageP99Us[.session] ?? 0, f.sessionMaxUs),
                String(format: "%.0f", f.stageP99Us[.decode] ?? 0), String(format: "%.0f", f.stageP99Us[.encodeSend] ?? 0),
                String(format: "%.1f/%.1f", f.tickLatenessP99Ms, f.tickLatenessMaxMs),
                String(format: "%.2f %%", Double(f.ticksOver10Ms) * 100 / Double(max(1, f.ticks))),
                String(format: "%.0f", f.processCPUPercent), f.passes ? "yes" : "NO",
            ])
            report(cells + (f.opened < level ? "  (\(f.opened) opened; refused: \(f.refused.first ?? ""))" : "")
                   + (f.overloadSeen != nil ? "  [overload detector: refusing]" : "")
                   + String(format: "  [generator CPU %.0f %%, its worst lateness %.1f ms; other processes' CPU %.0f %%; load %@]",
                            f.generatorCPUPercent, f.generatorWorstLateMs, f.otherCPUPercent, loadAverage()) + note)
            failures = f.passes ? 0 : failures + 1
            if failures == 2 { break }
        }
        report("")
        // The capacity: the largest passing level below the first level that failed on a quiet machine
        // (a failure while other processes took the CPU, after three attempts, says nothing either way).
        let firstFailure = figures.firstIndex { !$0.passes && !$0.busy } ?? figures.count
        if let best = figures[..<firstFailure].last(where: \.passes) {
            report("Largest level meeting both criteria (no level below it failing on a quiet machine): \(best.calls) concurrent PCMU calls.")
            let later = figures[firstFailure...].filter(\.passes).map { "\($0.calls)" }
            if !later.isEmpty { report("(Above the first failing level, \(later.joined(separator: ", ")) passed again.)") }
        } else {
            report("No level met both criteria.")
        }
        let busy = figures.filter(\.busy).map { "\($0.calls)" }
        if !busy.isEmpty {
            report("Other processes used more than \(Int(busyOthersPercent)) % of a core during the (last) measurement of the levels with "
                   + "\(busy.joined(separator: ", ")) calls: those figures are worse than a quiet machine's.")
        }
        if let knee = figures.first(where: { !$0.passes && !$0.busy }) ?? figures.first(where: { !$0.passes }) {
            var why: [String] = []
            if knee.lateOutputPackets > 0 { why.append("\(knee.lateOutputPackets) late output packets") }
            if let p99 = knee.stageP99Us[.session], p99 > 10_000 { why.append(String(format: "session p99 %.0f µs", p99)) }
            if knee.opened < knee.calls { why.append("\(knee.calls - knee.opened) calls refused") }
            report("Knee: the first level failing \(knee.busy ? "(only measured while other processes were busy)" : "on a quiet machine") "
                   + "is \(knee.calls) calls (\(why.joined(separator: ", "))).")
            if let said = figures.first(where: { $0.overloadSeen != nil })?.overloadSeen {
                report("The overload detector refused new calls from \(figures.first { $0.overloadSeen != nil }!.calls) calls on: \(said)")
            }
        } else {
            report("Knee: not reached up to \(levels.last ?? 0) calls.")
        }
        // Falling behind for good (the media clock late at the 99th percentile), as against a level
        // failed by one stall: a single tick late by more than a packet time makes a late packet
        // for every call on its event loop.
        if let sustained = figures.first(where: { $0.tickLatenessP99Ms > 10 && !$0.busy }) {
            let below = figures.filter { $0.calls < sustained.calls && !$0.passes }
            report("Sustained lateness (media clock tick p99 > 10 ms) from \(sustained.calls) calls on"
                   + String(format: " (p99 %.1f ms, %.1f %% of ticks > 10 ms late)", sustained.tickLatenessP99Ms,
                            Double(sustained.ticksOver10Ms) * 100 / Double(max(1, sustained.ticks)))
                   + (below.isEmpty ? "." : "; below it, failing levels had isolated stalls: "
                      + below.map { String(format: "%d calls: %d late packets, worst tick %.1f ms late, p99 %.1f ms", $0.calls,
                                           $0.lateOutputPackets, $0.tickLatenessMaxMs, $0.tickLatenessP99Ms) }.joined(separator: "; ") + "."))
        }
        report("CPU % is of one core (200 % = both), this whole process (engine and load generator); in brackets the generator's share "
               + "and what other processes on the machine used in the window (/proc/stat), which the engine's threads compete with.")
        report("Load average at end: \(loadAverage())")
        try? await generatorGroup.shutdownGracefully()
        try (lines.joined(separator: "\n") + "\n").write(toFile: out, atomically: true, encoding: .utf8)
    }

    static func runLevel(_ n: Int, engine: CallEngine, generator: LoadGenerator, seconds: Double) async throws -> LevelFigures {
        for _ in 0..<200 where engine.activeCount > 0 { try await Task.sleep(nanoseconds: 50_000_000) }
        try await Task.sleep(nanoseconds: 1_000_000_000)  // the previous level's sockets and clocks wind down
        let loop = generator.loop
        try await loop.submit { generator.start() }.get()
        var ids: [String] = []
        var refused: [String] = []
        for k in 0..<n {
            let counter = PacketCounter()
            let channel = try await DatagramBootstrap(group: loop)
                .channelInitializer { ch in ch.eventLoop.makeCompletedFuture { try ch.pipeline.syncOperations.addHandler(counter) } }
                .bind(host: "127.0.0.1", port: 0).get()
            do {
                let info = try await engine.open(OpenCallRequest(voice: "claims-24x7", codec: "PCMU",
                                                                 remote: RTPAddress(address: "127.0.0.1", port: channel.localAddress!.port!)))
                ids.append(info.id)
                let engineAddress = try SocketAddress(ipAddress: "127.0.0.1", port: info.rtp.port)
                let output = RTPOutputStream(payloadType: 0, ssrc: 0xCA900000 | UInt32(k), initialSequenceNumber: 1, initialTimestamp: 0)
                try await loop.submit {
                    // Talking within 0.5 s of the call's opening, starts spread so turns do not end in step.
                    generator.callers.append(LoadGenerator.Caller(channel: channel, counter: counter, engine: engineAddress, output: output,
                                                                  audio: k % generator.audio.count, firstFrame: generator.frame + (k * 7) % 25))
                }.get()
            } catch {
                refused.append("\(error)")
                try? await channel.close()
            }
        }
        try await Task.sleep(nanoseconds: 4_000_000_000)

        // The measured window.
        let before = (engine.timings.snapshot(.decode), engine.timings.snapshot(.session), engine.timings.snapshot(.encodeSend),
                      engine.timings.tickLateness.snapshot())
        let lateBefore = await engine.calls().filter { $0.state == "active" }.reduce(into: [String: Int]()) { $0[$1.id] = $1.media.lateOutputPackets }
        let cpu0 = processCPUSeconds(), genCPU0 = try await loop.submit { threadCPUSeconds() }.get(), wall0 = Date()
        let machine0 = machineCPU()
        var overloadSeen: String?
        let steps = Int(seconds * 4)
        for _ in 0..<steps {
            try await Task.sleep(nanoseconds: 250_000_000)
            if overloadSeen == nil { overloadSeen = engine.overloadReason }
        }
        let wall = Date().timeIntervalSince(wall0)
        let cpu = processCPUSeconds() - cpu0
        let machine1 = machineCPU()
        let cores = Double(ProcessInfo.processInfo.activeProcessorCount)
        let genCPU = try await loop.submit { threadCPUSeconds() }.get() - genCPU0
        let decode = engine.timings.snapshot(.decode).since(before.0)
        let session = engine.timings.snapshot(.session).since(before.1)
        let encode = engine.timings.snapshot(.encodeSend).since(before.2)
        let lateness = engine.timings.tickLateness.snapshot().since(before.3)
        var late = 0, sent = 0
        for id in ids {
            guard let (info, _) = await engine.end(id, reason: "capacity bench level over") else { continue }
            late += info.media.lateOutputPackets - (lateBefore[id] ?? info.media.lateOutputPackets)
            sent += info.media.packetsSent
        }
        let worst = try await loop.submit { () -> Double in
            generator.stop()
            let w = generator.worstLateMs
            for c in generator.callers { c.channel.close(promise: nil) }
            generator.callers = []
            return w
        }.get()
        // The session histogram's worst is over the whole run; the window's worst is its top bucket.
        let sessionMax = session.percentile(1)
        return LevelFigures(
            calls: n, opened: ids.count, refused: refused, lateOutputPackets: late, packetsSent: sent,
            stageP99Us: [.decode: decode.percentile(0.99), .session: session.percentile(0.99), .encodeSend: encode.percentile(0.99)],
            stageP50Us: [.decode: decode.percentile(0.5), .session: session.percentile(0.5), .encodeSend: encode.percentile(0.5)],
            sessionMaxUs: sessionMax, tickLatenessP99Ms: lateness.percentile(0.99) / 1000,
            tickLatenessMaxMs: lateness.percentile(1) / 1000, ticksOver10Ms: lateness.count(above: 10_000), ticks: lateness.count,
            processCPUPercent: cpu / wall * 100, generatorCPUPercent: genCPU / wall * 100, generatorWorstLateMs: worst,
            machineCPUPercent: (machine1.busy - machine0.busy) / max(1, machine1.total - machine0.total) * cores * 100,
            overloadSeen: overloadSeen)
    }
}
