import Analysis
import AudioCore
import AudioFiles
import BrandConfig
import Codecs
import Dialogue
import Foundation
import Session
import Testing
import TestSupport

/// Issue 12's must-show for audio: 2,100 seeded mutants of WAV (PCM, µ-law, A-law, float), FLAC
/// and Ogg/Opus files. Every mutant goes through `FileAnalyzer` in process (what `ivr analyze`
/// runs); every 10th also through a replay in process (`CallReplayer`, as `ivr replay` runs it);
/// 40 through the real `ivr analyze` and 10 through the real `ivr replay` binary. Each input is
/// bounded in time (a watchdog thread in process, a killed subprocess outside). Outcomes: the
/// file is analysed, or refused with a message that names it and says what is wrong; nothing else.
@Suite(.serialized) struct AudioFuzzTests {
    static let mutants = 2100
    static let seed: UInt64 = 20_261_202
    /// Per input: a 1 s file takes about 30 ms; a hang is anything far beyond that.
    static let inProcessTimeoutSec = 30.0
    static let processTimeoutSec = 60.0

    enum Outcome: Equatable {
        case accepted
        case refused(String)
        case wrong(String)
    }

    /// A refusal is good when it names the file and says more than its name.
    static func judge(_ message: String, path: String) -> Outcome {
        message.contains(path) && message.count > path.count + 15 ? .refused(message) : .wrong("refusal without the file or a reason: \(message)")
    }

    static func analyze(_ path: String) -> Outcome {
        do {
            _ = try FileAnalyzer.analyze(path: path) { _ in }
            return .accepted
        } catch let error as AudioFileError {
            return judge(error.description, path: path)
        } catch let error as AnalysisError {
            return judge(error.description, path: path)
        } catch {
            return .wrong("\(type(of: error)): \(error)")
        }
    }

    static func replay(_ path: String, brand: Brand, prompts: PromptLibrary) -> Outcome {
        do {
            let audio = try AudioFileReader.read(url: URL(fileURLWithPath: path))
            let rate = PipelineRate.defaultFor(sourceRateHz: audio.sampleRateHz)
            let samples = audio.sampleRateHz == rate.hz ? audio.samples
                : try Resampler(inputRateHz: audio.sampleRateHz, outputRateHz: rate.hz).resample(audio.samples)
            guard samples.count >= rate.hopSamples else { return .refused("\(path): too short") }
            let result = try CallReplayer.replay(callerAudio: samples, rate: rate, brand: brand, voiceID: "claims-24x7", prompts: prompts)
            return result.record.events.isEmpty ? .wrong("empty call record") : .accepted
        } catch let error as AudioFileError {
            return judge(error.description, path: path)
        } catch {
            return .wrong("\(type(of: error)): \(error)")
        }
    }

    @Test("2,100 mutated audio files through analyze (all) and replay (every 10th), in process: 0 crashes, 0 hangs, every refusal names the file")
    func mutatedAudioInProcess() throws {
        let dir = try Paths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        var mutator = AudioMutator(seed: Self.seed, bases: try AudioMutator.makeBases(in: dir))
        let (brand, _) = try BrandRepository(root: Paths.repoRoot.path).loadChecked(voice: "claims-24x7")
        let prompts = try PromptLibrary(brand: brand, baseDirectory: Paths.repoRoot.appendingPathComponent("prompts/\(brand.voice.promptSet)"),
                                        ratesHz: [8000, 16000])
        var accepted = 0, refused = 0, replayed = 0
        var problems: [String] = []
        let started = Date()
        for i in 0..<Self.mutants {
            let (name, bytes, kind) = mutator.mutant(i)
            let file = dir.appendingPathComponent(name)
            try bytes.write(to: file)
            let path = file.path
            guard let outcome = Watchdog.run(seconds: Self.inProcessTimeoutSec, { Self.analyze(path) }) else {
                problems.append("\(name) (\(kind)): analyze did not finish in \(Self.inProcessTimeoutSec) s")
                continue
            }
            switch outcome {
            case .accepted: accepted += 1
            case .refused: refused += 1
            case .wrong(let why): problems.append("\(name) (\(kind)): analyze: \(why)")
            }
            if i % 10 == 0 {
                replayed += 1
                let result: Outcome? = Watchdog.run(seconds: Self.inProcessTimeoutSec) { Self.replay(path, brand: brand, prompts: prompts) }
                switch result {
                case nil: problems.append("\(name) (\(kind)): replay did not finish in \(Self.inProcessTimeoutSec) s")
                case .wrong(let why)?: problems.append("\(name) (\(kind)): replay: \(why)")
                default: break
                }
            }
            try? FileManager.default.removeItem(at: file)
        }
        print("audio fuzz (in process): \(Self.mutants) mutants, \(accepted) analysed, \(refused) refused, \(replayed) replayed, "
              + "\(problems.count) problems, \(String(format: "%.1f", Date().timeIntervalSince(started))) s")
        #expect(problems.isEmpty, "\(problems.prefix(20).joined(separator: "\n"))")
        #expect(accepted > 100 && refused > 100, "the mutants should exercise both outcomes")
    }

    @Test("a sample of 40 mutants through the real `ivr analyze` and 10 through `ivr replay`: exit 0 or 1 with the file named, never a signal or a hang")
    func mutatedAudioThroughTheBinary() throws {
        let dir = try Paths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        var mutator = AudioMutator(seed: Self.seed ^ 0xB1, bases: try AudioMutator.makeBases(in: dir))
        var problems: [String] = []
        for i in 0..<50 {
            let (name, bytes, kind) = mutator.mutant(i)
            let file = dir.appendingPathComponent(name)
            try bytes.write(to: file)
            let args = i < 40 ? ["analyze", file.path, "--quiet"] : ["replay", file.path, "--voice", "claims-24x7"]
            let r = try Watchdog.ivr(args, seconds: Self.processTimeoutSec)
            if r.timedOut { problems.append("\(name) (\(kind)): \(args[0]) hung") }
            else if r.crashed { problems.append("\(name) (\(kind)): \(args[0]) crashed (signal \(r.status)): \(r.stderr.suffix(300))") }
            else if r.status == 1 {
                if !r.stderr.contains(file.path) { problems.append("\(name): \(args[0]) refused without naming the file: \(r.stderr)") }
            } else if r.status != 0 {
                problems.append("\(name) (\(kind)): \(args[0]) exited \(r.status): \(r.stderr.suffix(300))")
            }
        }
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
    }
}
