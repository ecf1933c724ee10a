// `make bench`: CPU cost of the listening pipeline and of each stage, on real speech, in a release
// build. Figures go to stdout and to the file given as the second argument.
// Usage: ivr-bench AUDIO_FILE OUT_FILE; ivr-bench memory OUT_FILE [CALLS] (MemoryBench.swift).
import Analysis
import AudioCore
import AudioFiles
import Codecs
import Emotion
import Foundation
import FrontEnd
import Prosody
import TurnTaking
import Dialogue
import MallocCounter
import Session

/// CPU time of this process (user + system), seconds.
func cpuSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

func measure(_ body: () throws -> Void) rethrows -> Double {
    let start = cpuSeconds()
    try body()
    return cpuSeconds() - start
}

let args = CommandLine.arguments
// `ivr-bench memory OUT_FILE [CALLS] [CALLS_PER_NUMBER]`: RSS over many replayed calls (MemoryBench.swift).
if args.count >= 3, args[1] == "memory" {
    try MemoryBench.run(out: args[2], calls: args.count > 3 ? Int(args[3]) ?? 10_000 : 10_000,
                        callsPerNumber: args.count > 4 ? max(1, Int(args[4]) ?? 3) : 3)
    exit(0)
}
guard args.count == 3 else {
    FileHandle.standardError.write(Data("usage: ivr-bench AUDIO_FILE OUT_FILE | ivr-bench memory OUT_FILE [CALLS] [CALLS_PER_NUMBER]\n".utf8))
    exit(2)
}
let path = args[1]
final class Log: @unchecked Sendable {
    var lines: [String] = []
}
let log = Log()
func report(_ s: String) { print(s); log.lines.append(s) }

let source = try AudioFileReader.read(url: URL(fileURLWithPath: path))
report("input: \(path), \(String(format: "%.1f", source.durationSec)) s at \(source.sampleRateHz) Hz")
let loadAverage = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").prefix(3).joined(separator: " ") ?? "?"
report("machine: \(ProcessInfo.processInfo.activeProcessorCount) cores, load average \(loadAverage) at start (other work on "
       + "the machine inflates the figures, wall-time p99 most); CPU time via CLOCK_PROCESS_CPUTIME_ID; best of 3")

var turns: [AnalysisReport.Turn] = []
for rate in PipelineRate.allCases {
    var options = FileAnalysisOptions()
    options.rate = rate
    var best = Double.infinity
    var report1: AnalysisReport?
    for _ in 0..<3 {
        best = min(best, try measure { report1 = try FileAnalyzer.analyze(path: path, options: options) })
    }
    let audioSec = source.durationSec
    report(String(format: "analyze @%5d Hz (default, trained emotion model): %.3f CPU s for %.1f s of audio = %.1f s of audio per CPU s; %d turns",
                  rate.hz, best, audioSec, audioSec / best, report1!.turns.count))
    if rate == .narrowband { turns = report1!.turns }
}
// The rules (`--emotion rules`): no per-hop voice features, so the listener does less per hop
// (README "Emotion model").
do {
    var options = FileAnalysisOptions()
    options.rate = .narrowband
    options.listener.emotionEstimator = .rules
    var best = Double.infinity
    for _ in 0..<3 { best = min(best, try measure { _ = try FileAnalyzer.analyze(path: path, options: options) }) }
    report(String(format: "analyze @ 8000 Hz, --emotion rules: %.3f CPU s = %.1f s of audio per CPU s",
                  best, source.durationSec / best))
}

// Per stage, per 10 ms hop, on the same audio at each pipeline rate.
for rate in PipelineRate.allCases {
    let samples = try Resampler(inputRateHz: source.sampleRateHz, outputRateHz: rate.hz).resample(source.samples)
    let hop = rate.hopSamples
    let hops = samples.count / hop
    var work = [Float](repeating: 0, count: hop)
    func perHop(_ name: String, _ setup: () throws -> (UnsafeMutableBufferPointer<Float>) throws -> Void) throws {
        var best = Double.infinity
        for _ in 0..<3 {
            let step = try setup()
            best = min(best, try measure {
                for h in 0..<hops {
                    for i in 0..<hop { work[i] = samples[h * hop + i] }
                    try work.withUnsafeMutableBufferPointer { try step($0) }
                }
            })
        }
        report(String(format: "  %-34@ %7.2f µs per 10 ms hop", "\(name) @\(rate.hz) Hz:", best / Double(hops) * 1e6))
    }
    try perHop("front end (HPF+NS+VAD)") {
        let fe = try FrontEndProcessor(config: .init(), sampleRateHz: rate.hz)
        return { _ = try fe.process($0) }
    }
    try perHop("pitch tracker") {
        let tracker = try PitchTracker(config: PitchTrackerConfig(sampleRateHz: rate.hz))
        var out: [PitchEstimate] = []
        out.reserveCapacity(16)
        return { out.removeAll(keepingCapacity: true); tracker.process(hop: UnsafeBufferPointer($0), into: &out) }
    }
    if rate == .narrowband {
        try perHop("DTMF detector") {
            let d = DTMFDetector()
            var ev: [DTMFEvent] = []
            ev.reserveCapacity(16)
            return { d.process(UnsafeBufferPointer($0), into: &ev) }
        }
    }
    try perHop("whole listener, rules") {
        var config = ListenerConfig()
        config.emotionEstimator = .rules
        let listener = try CallerListener(config: config, rate: rate)
        var events: [ListenerEvent] = []
        events.reserveCapacity(64)
        return { events.removeAll(keepingCapacity: true); try listener.process(hop: UnsafeBufferPointer($0), into: &events) }
    }
    try perHop("spectral balance kernel") {
        let kernel = try SpectralBalanceAnalyzer(sampleRateHz: rate.hz)
        return { _ = kernel.process(hop: UnsafeBufferPointer($0)) }
    }
    try perHop("whole listener, trained emotion (default)") {
        var config = ListenerConfig()
        config.emotionEstimator = .trained
        let listener = try CallerListener(config: config, rate: rate)
        var events: [ListenerEvent] = []
        events.reserveCapacity(64)
        return { events.removeAll(keepingCapacity: true); try listener.process(hop: UnsafeBufferPointer($0), into: &events) }
    }
    // The engine's prompts as far end: the same speech 3 s earlier, its echo (60 ms, -10 dB)
    // mixed into the caller's hop, so the canceller works as on a call with a leaking gateway.
    try perHop("whole listener + echo cancellation") {
        let listener = try CallerListener(rate: rate)
        var events: [ListenerEvent] = []
        events.reserveCapacity(64)
        var h = 0
        let far = EchoScene(samples: samples, rate: rate)
        return { hop in
            far.mixEcho(hop: h, into: hop)
            events.removeAll(keepingCapacity: true)
            try far.withFarEnd(hop: h) { try listener.process(hop: UnsafeBufferPointer(hop), farEnd: $0, into: &events) }
            h += 1
        }
    }
}

/// The engine's output for the echo figures: the caller's audio 3 s earlier as the far end, and
/// its echo (60 ms later, 10 dB down) added to the caller's hop.
final class EchoScene {
    let far: [Float]
    let echo: [Float]
    let hop: Int
    init(samples: [Float], rate: PipelineRate) {
        let shift = 3 * rate.hz, delay = 60 * rate.hz / 1000
        far = [Float](repeating: 0, count: shift) + samples.prefix(samples.count - shift)
        echo = [Float](repeating: 0, count: delay) + far.prefix(far.count - delay).map { $0 * 0.316 }
        hop = rate.hopSamples
    }
    func mixEcho(hop h: Int, into out: UnsafeMutableBufferPointer<Float>) {
        for i in 0..<hop { out[i] += echo[h * hop + i] }
    }
    func withFarEnd(hop h: Int, _ body: (UnsafeBufferPointer<Float>) throws -> Void) rethrows {
        try far.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[h * hop..<(h + 1) * hop])) }
    }
}

// Per hop of the whole listener: heap allocations (after a 2 s warm-up; hops that end a turn
// apart, since the turn's summary and emotion are new values) and processing time, p50/p99 of
// the thread's CPU time and of wall time per `process` call, one pass over the audio.
func monotonicNs(_ clock: clockid_t) -> Int {
    var ts = timespec()
    clock_gettime(clock, &ts)
    return ts.tv_sec * 1_000_000_000 + ts.tv_nsec
}

func percentile(_ sorted: [Int], _ p: Double) -> Double {
    Double(sorted[min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.down)))]) / 1000
}

for rate in PipelineRate.allCases {
    let samples = try Resampler(inputRateHz: source.sampleRateHz, outputRateHz: rate.hz).resample(source.samples)
    let hop = rate.hopSamples
    let hops = samples.count / hop
    let scene = EchoScene(samples: samples, rate: rate)
    for (name, echo, trained) in [("listener, rules", false, false), ("listener, trained emotion (default)", false, true),
                                  ("listener + echo cancellation, trained emotion (default)", true, true)] {
        var config = ListenerConfig()
        config.emotionEstimator = trained ? .trained : .rules
        let listener = try CallerListener(config: config, rate: rate)
        var events: [ListenerEvent] = []
        events.reserveCapacity(64)
        var work = [Float](repeating: 0, count: hop)
        var cpu: [Int] = [], wall: [Int] = []
        cpu.reserveCapacity(hops)
        wall.reserveCapacity(hops)
        var steady = 0, steadyHops = 0, endAllocations = 0, endHops = 0
        try work.withUnsafeMutableBufferPointer { w in
            for h in 0..<hops {
                for i in 0..<hop { w[i] = samples[h * hop + i] }
                if echo { scene.mixEcho(hop: h, into: w) }
                events.removeAll(keepingCapacity: true)
                let c0 = monotonicNs(CLOCK_THREAD_CPUTIME_ID), w0 = monotonicNs(CLOCK_MONOTONIC)
                ivr_malloc_counter_start()
                if echo {
                    try scene.withFarEnd(hop: h) { try listener.process(hop: UnsafeBufferPointer(w), farEnd: $0, into: &events) }
                } else {
                    try listener.process(hop: UnsafeBufferPointer(w), into: &events)
                }
                let n = ivr_malloc_counter_stop()
                let w1 = monotonicNs(CLOCK_MONOTONIC), c1 = monotonicNs(CLOCK_THREAD_CPUTIME_ID)
                cpu.append(c1 - c0)
                wall.append(w1 - w0)
                guard h >= 200 else { continue }
                if events.contains(where: { if case .turnEnded = $0 { return true } else { return false } }) {
                    endAllocations += n
                    endHops += 1
                } else {
                    steady += n
                    steadyHops += 1
                }
            }
        }
        cpu.sort()
        wall.sort()
        report(String(format: "  %-40@ allocations %.2f per hop (%d hops), %.0f per turn-end hop (%d); "
                      + "CPU p50 %.1f p99 %.1f µs, wall p50 %.1f p99 %.1f µs per hop",
                      "\(name) @\(rate.hz) Hz:", Double(steady) / Double(max(1, steadyHops)), steadyHops,
                      Double(endAllocations) / Double(max(1, endHops)), endHops,
                      percentile(cpu, 0.5), percentile(cpu, 0.99), percentile(wall, 0.5), percentile(wall, 0.99)))
    }
}

// Emotion per turn, on the turns of the analysed file (kept from the 8 kHz analysis above).
let estimator = RuleBasedEmotionEstimator()
let repeats = 2000
let emotionSec = measure {
    for _ in 0..<repeats { for t in turns { _ = estimator.estimate(t.prosody) } }
}
report(String(format: "emotion estimate: %.2f µs per turn (%d turns × %d)", emotionSec / Double(turns.count * repeats) * 1e6,
              turns.count, repeats))

// The trained model per turn: each turn's features against the caller's baseline so far, as the
// listener does (the per-turn feature summary itself is in the listener's per-hop figure above).
do {
    var config = ListenerConfig()
    config.emotionEstimator = .trained
    let samples = try Resampler(inputRateHz: source.sampleRateHz, outputRateHz: 8000).resample(source.samples)
    let listener = try CallerListener(config: config, rate: .narrowband)
    var events: [ListenerEvent] = []
    try samples.withUnsafeBufferPointer { all in
        for h in 0..<(all.count / 80) { try listener.process(hop: UnsafeBufferPointer(rebasing: all[h * 80..<(h + 1) * 80]), into: &events) }
    }
    listener.finish(into: &events)
    let features = events.compactMap { if case .turnEnded(let t) = $0 { return t.features } else { return nil } }
    let trained = TrainedEmotionEstimator()
    let sec = measure {
        for _ in 0..<repeats {
            var baseline = VoiceBaseline(minimumTurns: config.baselineMinimumTurns)
            for f in features { _ = trained.estimate(f, baseline: baseline); baseline.add(f) }
        }
    }
    report(String(format: "trained emotion estimate (%@): %.2f µs per turn (%d turns × %d)", trained.model.modelVersion,
                  sec / Double(max(1, features.count) * repeats) * 1e6, features.count, repeats))
}

// A whole call: the same audio as a caller who keeps talking, through the call session (listener,
// dialogue, prompt player) with a flow that answers every turn and never ends. Best of 3 with the
// process-wide prompt cache: the first run synthesizes the three lines, the reported one reuses
// them, as a long-running engine does.
let loopBrand: Brand = {
    let voice = VoiceProfile(id: "bench", brand: "Bench", languages: ["en"], disclosure: false, promptSet: "bench",
                             synthesis: SynthesisSettings(voice: "en-us", variant: "m3", rateWPM: 170))
    let en = LanguagePrompts(language: "en", lines: [
        "listen": [.default: PromptLine(text: "I see. Please go on.")],
        .noInput: [.default: PromptLine(text: "Are you still there?")],
        .noMatch: [.default: PromptLine(text: "Sorry?")],
    ])
    let flow = Flow(id: "bench", start: "listen", states: [
        FlowState(id: "listen", prompts: [PromptRef("listen")], input: .speech, onTurn: "listen", onNoInput: "listen"),
        FlowState(id: "human", prompts: [PromptRef("listen")], terminal: .transfer(target: "queue:bench")),
    ], human: HumanEscape(key: "0", state: "human"))
    return Brand(voice: voice, prompts: PromptSet(id: "bench", languages: [en]), flow: flow)
}()
let callAudio = try Resampler(inputRateHz: source.sampleRateHz, outputRateHz: 8000).resample(source.samples)
let promptSource = try PromptLibrary(brand: loopBrand, baseDirectory: URL(fileURLWithPath: "."), ratesHz: [8000])
var replayEvents = 0
var replayBest = Double.infinity
for _ in 0..<3 {
    replayBest = min(replayBest, try measure {
        let r = try CallReplayer.replay(callerAudio: callAudio, rate: .narrowband, brand: loopBrand, voiceID: "bench",
                                        prompts: promptSource)
        replayEvents = r.record.events.count
    })
}
let minutes = Double(callAudio.count) / 8000 / 60
report(String(format: "replay @ 8000 Hz: %.3f CPU s for a %.1f-minute call = %.3f CPU s per minute of audio (%d record events)",
              replayBest, minutes, replayBest / minutes, replayEvents))

try (log.lines.joined(separator: "\n") + "\n").write(toFile: args[2], atomically: true, encoding: .utf8)
