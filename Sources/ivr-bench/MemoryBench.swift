// `ivr-bench memory OUT_FILE [CALLS] [CALLS_PER_NUMBER]`: many short calls replayed one after another in one
// process, through the session driver `ivr replay` uses (CallReplayer → CallSession, the same
// session a live call runs), with the resident set size sampled every 1,000 calls. Memory is
// flat when RSS at the last sample is within 5 % of RSS at call 1,000.
//
// Each call is a short scripted caller built from a fixture call (audio-fixtures/calls/,
// irritated-caller.wav): 2 s of the line while the greeting plays, the caller's first sentence
// over it (a barge-in, a caller turn with its emotion), "1" for a new claim, then a policy number
// (8 digits + #; CALLS_PER_NUMBER consecutive calls share one, default 3) that the engine reads
// back in a line with the caller's value ("Policy {policy}. …") — rendered on demand, as on a live
// server (rendering costs more than the rest of a short call: espeak-ng and resampling).
import AudioCore
import AudioFiles
import BrandConfig
import CallFixtures
import Foundation
import MallocCounter
import Session

enum MemoryBench {
    /// Resident set size and the heap in use (glibc's count of bytes handed out by malloc), bytes.
    static func memory() -> (rss: Int, heap: Int) {
        let statm = (try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8)) ?? ""
        let pages = statm.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
        return (pages * Int(sysconf(Int32(_SC_PAGESIZE))), ivr_heap_in_use_bytes())
    }

    /// `callsPerNumber`: consecutive calls that share a policy number (1: every call its own).
    static func run(out: String, calls: Int, callsPerNumber: Int) throws {
        var lines: [String] = []
        func report(_ s: String) { print(s); lines.append(s) }
        let rate = PipelineRate.narrowband
        let (brand, _) = try BrandRepository(root: ".").load(voice: "claims-24x7")
        let prompts = try PromptLibrary(brand: brand, baseDirectory: URL(fileURLWithPath: "prompts/\(brand.voice.promptSet)"),
                                        ratesHz: [rate.hz])
        let fixture = try AudioFileReader.read(url: URL(fileURLWithPath: "audio-fixtures/calls/irritated-caller.wav"), channel: .mix)
        precondition(fixture.sampleRateHz == rate.hz, "the fixture calls are 8 kHz")
        func seconds(_ from: Double, _ to: Double) -> ArraySlice<Float> { fixture.samples[Int(from * 8000)..<Int(to * 8000)] }
        let line = seconds(0, 0.5)               // the line (noise) while the greeting starts
        let sentence = seconds(10.4, 13.9)       // the caller's first take, "Kids are talking by the door."
        let noise = seconds(0, 10)
        /// Keys pressed on the line, 100 ms on and off, over the line's noise
        /// as in the fixture calls (digital silence between tones would pull the speech gate's noise
        /// floor down, and the line's noise after them would sound like speech).
        func keys(_ digits: String) throws -> [Float] {
            var tones = try DTMFGenerator.samples(for: digits)
            for i in tones.indices { tones[i] += noise[noise.startIndex + i % noise.count] }
            return tones
        }
        let key1 = try keys("1")
        func caller(_ n: Int) throws -> [Float] {
            var audio = Array(line) + sentence + seconds(1, 1.8) + key1 + seconds(2, 2.3)
            audio += try keys(policy(n) + "#")
            audio += seconds(3, 3.6)             // the line while the policy number is read back
            return audio
        }
        func policy(_ n: Int) -> String { String(10_000_000 + n / callsPerNumber) }

        let load = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").prefix(3).joined(separator: " ") ?? "?"
        let callSec = Double(try caller(0).count) / 8000
        report("Memory over \(calls) calls in one process (release build): each call replayed through CallReplayer/CallSession "
               + "(as `ivr replay`), voice claims-24x7 at 8 kHz, \(String(format: "%.1f", callSec)) s of scripted caller "
               + "from irritated-caller.wav: the caller talks over the greeting (barge-in, a turn, its emotion), presses 1, then a "
               + "policy number that the engine reads back (a line with the caller's value, rendered on demand; "
               + "\(callsPerNumber) consecutive call(s) share a number: \((calls + callsPerNumber - 1) / callsPerNumber) numbers; "
               + "the voice's cache of such lines holds the last \(prompts.dynamicCapacity)).")
        report("Load average at start: \(load); RSS from /proc/self/statm, heap = glibc mallinfo2 (uordblks + hblkhd).")
        var turns = 0, promptsPlayed = 0, readBacks = 0, bargeIns = 0, digits = 0
        var samples: [(calls: Int, rss: Int, heap: Int, wall: Double, cpu: Double)] = []
        let start = Date()
        for n in 0..<calls {
            var source = CallerAudioBuffer(try caller(n))
            let result = try CallReplayer.replay(caller: &source, rate: rate, brand: brand, voiceID: brand.voice.id,
                                                 prompts: prompts, keepAudio: false)
            let record = result.record
            if n == 0 {
                report("Call 1:")
                for line in record.transcript().split(separator: "\n") { report("  " + line) }
            }
            turns += record.turnLabels.count
            promptsPlayed += record.prompts.count
            let spoken = policy(n).map(String.init).joined(separator: " ")  // the line says the digits one by one
            readBacks += record.prompts.filter { $0.text.contains("Policy \(spoken).") }.count
            bargeIns += record.events.filter { $0.type == "bargeIn" }.count
            digits += record.digits.count
            if (n + 1) % 1000 == 0 || n + 1 == calls {
                let m = memory()
                samples.append((n + 1, m.rss, m.heap, Date().timeIntervalSince(start), cpuSeconds()))
                print(String(format: "  %6d calls: RSS %.1f MB, heap %.1f MB, %.0f s", n + 1, Double(m.rss) / 1e6, Double(m.heap) / 1e6,
                             Date().timeIntervalSince(start)))
            }
        }
        report(String(format: "Per call on average: %.2f caller turns (each with an emotion), %.2f barge-ins, %.2f prompts, "
                      + "%.2f read-backs of its policy number, %.1f digits.", Double(turns) / Double(calls),
                      Double(bargeIns) / Double(calls), Double(promptsPlayed) / Double(calls), Double(readBacks) / Double(calls),
                      Double(digits) / Double(calls)))
        report("")
        report("   calls     RSS MB    heap MB    wall s     CPU s")
        for s in samples {
            report(String(format: "%8d %10.1f %10.1f %9.0f %9.0f", s.calls, Double(s.rss) / 1e6, Double(s.heap) / 1e6, s.wall, s.cpu))
        }
        if let first = samples.first(where: { $0.calls == 1000 }) ?? samples.first, let last = samples.last {
            let growth = Double(last.rss - first.rss) / Double(first.rss) * 100
            report("")
            report(String(format: "RSS at call %d vs call %d: %+.1f %% (%@ the 5 %% bound); heap %+.1f MB.", last.calls, first.calls,
                          growth, abs(growth) <= 5 ? "within" : "NOT within", Double(last.heap - first.heap) / 1e6))
        }
        try (lines.joined(separator: "\n") + "\n").write(toFile: out, atomically: true, encoding: .utf8)
    }
}
