import AudioCore
import BrandConfig
import Dialogue
import Foundation
import Session
import Testing
import TestSupport

/// Issue 12's must-show for brand teams: 520 seeded mutants of the shipped brands (voice,
/// prompt set, flow) through `voices lint` and, when lint accepts them, a replay — in process
/// (`BrandLint`, `BrandRepository.loadChecked`, `CallReplayer`: what the commands run), and 20
/// through the real binary. Each input is bounded in time. Lint's findings name an existing
/// file and a line; every configuration lint accepts must load and replay without error.
@Suite(.serialized) struct BrandFuzzTests {
    static let mutants = 520
    static let seed: UInt64 = 12_0520
    static let voices = ["claims-24x7", "pharmacy-grandpa", "youth-fashion"]
    static let timeoutSec = 60.0

    /// The shipped files of a voice, relative to the repository root.
    static func shippedFiles(voice: String) throws -> [String: String] {
        let root = Paths.repoRoot
        let voicePath = "voices/\(voice).yaml"
        var files = [voicePath: try String(contentsOf: root.appendingPathComponent(voicePath), encoding: .utf8)]
        let set = try BrandRepository(root: root.path).load(voice: voice).brand.voice.promptSet
        for name in try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("prompts/\(set)").path) where name.hasSuffix(".yaml") {
            let path = "prompts/\(set)/\(name)"
            files[path] = try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
        }
        return files
    }

    /// A caller who says nothing for a second, presses 1, and waits: 4 s at 8 kHz.
    static let callerAudio: [Float] = (0..<32000).map { i in
        guard (8000..<8800).contains(i) else { return 0 }
        let t = Double(i) / 8000
        return Float(0.2 * (sin(2 * .pi * 697 * t) + sin(2 * .pi * 1209 * t)))
    }

    enum Outcome {
        case refusedByLint(Int)
        case replayed
        case problem(String)
    }

    static func run(root: URL, voice: String, catalog: EspeakCatalog?) -> Outcome {
        let report = BrandLint(root: root.path, catalog: catalog).lint(paths: [root.appendingPathComponent("voices/\(voice).yaml").path])
        for d in report.diagnostics {
            guard FileManager.default.fileExists(atPath: d.location.file), d.location.line >= 1, d.location.column >= 1,
                  !d.message.isEmpty else {
                return .problem("finding without an existing file:line:col: \(d)")
            }
        }
        guard !report.hasErrors else { return .refusedByLint(report.errors.count) }
        do {
            let (brand, _) = try BrandRepository(root: root.path, catalog: catalog).loadChecked(voice: voice)
            let prompts = try PromptLibrary(brand: brand, baseDirectory: root.appendingPathComponent("prompts/\(brand.voice.promptSet)"),
                                            ratesHz: [8000])
            let result = try CallReplayer.replay(callerAudio: callerAudio, rate: .narrowband, brand: brand, voiceID: voice, prompts: prompts)
            return result.record.events.isEmpty ? .problem("empty call record") : .replayed
        } catch {
            return .problem("lint accepted it, but: \(error)")
        }
    }

    @Test("520 mutated brand configurations through lint and, when accepted, replay (in process): 0 crashes, 0 hangs, findings placed, accepted ones replay")
    func mutatedBrandsInProcess() throws {
        let catalog = EspeakCatalog.installed()
        try #require(catalog != nil, "espeak-ng data is installed by scripts/setup.sh")
        var mutator = BrandMutator(seed: Self.seed)
        let shipped = try Dictionary(uniqueKeysWithValues: Self.voices.map { ($0, try Self.shippedFiles(voice: $0)) })
        var refused = 0, replayed = 0
        var problems: [String] = []
        let started = Date()
        for i in 0..<Self.mutants {
            let voice = Self.voices[i % Self.voices.count]
            var files = shipped[voice]!
            let (file, what) = mutator.mutate(&files)
            let root = try Paths.temporaryDirectory("brandfuzz\(i)")
            defer { try? FileManager.default.removeItem(at: root) }
            for (path, text) in files {
                let url = root.appendingPathComponent(path)
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try text.write(to: url, atomically: false, encoding: .utf8)
            }
            let outcome = Watchdog.run(seconds: Self.timeoutSec) { Self.run(root: root, voice: voice, catalog: catalog) }
            switch outcome {
            case nil: problems.append("#\(i) \(file) \(what): did not finish in \(Self.timeoutSec) s")
            case .refusedByLint?: refused += 1
            case .replayed?: replayed += 1
            case .problem(let why)?: problems.append("#\(i) \(file) \(what): \(why)")
            }
        }
        print("brand fuzz (in process): \(Self.mutants) mutants, \(refused) refused by lint, \(replayed) accepted and replayed, "
              + "\(problems.count) problems, \(String(format: "%.1f", Date().timeIntervalSince(started))) s")
        #expect(problems.isEmpty, "\(problems.prefix(20).joined(separator: "\n"))")
        #expect(refused > 50 && replayed > 50, "the mutants should exercise both outcomes")
    }

    @Test("20 mutated brands through the real `ivr voices lint` and `ivr replay`: exit 0/1, never a signal or a hang; what lint accepts replays")
    func mutatedBrandsThroughTheBinary() throws {
        var mutator = BrandMutator(seed: Self.seed ^ 0x5EED)
        let dir = try Paths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let call = dir.appendingPathComponent("caller.wav")
        try WAVBytes.make(.float32, rateHz: 8000, payload: WAVBytes.floatPayload(Self.callerAudio)).write(to: call)
        var problems: [String] = []
        for i in 0..<20 {
            let voice = Self.voices[i % Self.voices.count]
            var files = try Self.shippedFiles(voice: voice)
            let (file, what) = mutator.mutate(&files)
            let root = dir.appendingPathComponent("brand\(i)")
            for (path, text) in files {
                let url = root.appendingPathComponent(path)
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try text.write(to: url, atomically: false, encoding: .utf8)
            }
            let lint = try Watchdog.ivr(["voices", "lint", "--root", root.path, "--quiet"], seconds: Self.timeoutSec)
            guard !lint.timedOut, !lint.crashed, [0, 1].contains(lint.status) else {
                problems.append("#\(i) \(file) \(what): lint exit \(lint.status), timed out \(lint.timedOut): \(lint.stderr.suffix(300))")
                continue
            }
            let replay = try Watchdog.ivr(["replay", call.path, "--voice", voice, "--root", root.path], seconds: Self.timeoutSec)
            if replay.timedOut || replay.crashed { problems.append("#\(i) \(file) \(what): replay hung or crashed: \(replay.stderr.suffix(300))") }
            if lint.status == 0 && replay.status != 0 { problems.append("#\(i) \(file) \(what): lint accepted, replay exit \(replay.status): \(replay.stderr.suffix(300))") }
            if lint.status == 1 && replay.status != 1 { problems.append("#\(i) \(file) \(what): lint refused, replay exit \(replay.status)") }
        }
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
    }
}
