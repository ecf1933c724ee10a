import Analysis
import ArgumentParser
import AudioCore
import AudioFiles
import BrandConfig
import CallFixtures
import Codecs
import Foundation
import Session

/// `ivr replay CALL-AUDIO --voice ID`: the recorded caller through the same call session live
/// calls use, on a virtual clock.
struct Replay: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Replay a recorded caller through a call with a brand voice: transcript or JSON call record.",
        discussion: """
            The caller's recording is fed 10 ms at a time, as fast as the CPU allows, through the same \
            session as a live call: turn-taking, barge-in, DTMF, timers, emotion, dialogue and synthesis. \
            The call ends when the recording ends (the caller hung up) or the dialogue transfers or hangs up. \
            The same input always gives byte-identical JSON.
            """)

    @Argument(help: "The caller's recording (mono, or stereo with the caller on --channel).", completion: .file())
    var callAudio: String

    @Option(help: "The brand voice: a voices/<ID>.yaml file name without extension.")
    var voice = "claims-24x7"

    @Option(help: "Output format: text (a transcript) or json (the call record; schema in the README).")
    var format: OutputFormat = .text

    @Option(help: "Write a stereo WAV: caller left, engine right, time-aligned.", completion: .file())
    var out: String?

    @Option(help: "Check the replay against a fixture manifest's `expect:` (exit 1 with a diff when it differs).",
            completion: .file())
    var expect: String?

    @Option(help: "The caller's channel, 1-based, for recordings with more than one channel.")
    var channel: Int?

    @Option(help: "The folder holding voices/ and prompts/.")
    var root = "."

    @Option(help: "Also write the replayed call to this call records store (sqlite:PATH or a path; README \"Call records\").",
            completion: .file())
    var record: String?

    @OptionGroup var listening: ListeningOptions

    func run() throws {
        do {
            let (brand, warnings) = try BrandRepository(root: root).loadChecked(
                voice: voice, espeakDataPath: ProcessInfo.processInfo.environment["ESPEAK_DATA_PATH"])
            for w in warnings { FileHandle.standardError.write(Data("\(w.description)\n".utf8)) }
            // Read as the call consumes it: a short call from a long recording reads only its start.
            let reader = try AudioStreamReader(url: URL(fileURLWithPath: callAudio), channel: channel.map { .channel($0) } ?? .automatic,
                                               outputRateFor: { PipelineRate.defaultFor(sourceRateHz: $0).hz })
            let rate = PipelineRate.defaultFor(sourceRateHz: reader.info.sampleRateHz)
            guard reader.expectedOutputCount >= rate.hopSamples else {
                throw CLIError(AnalysisError.tooShort(path: callAudio, durationSec: reader.info.durationSec).description)
            }
            let promptsFolder = URL(fileURLWithPath: root).appendingPathComponent("prompts/\(brand.voice.promptSet)")
            let prompts = try PromptLibrary(brand: brand, baseDirectory: promptsFolder, ratesHz: [rate.hz])
            var caller = CallerAudioFile(reader)
            let result = try CallReplayer.replay(caller: &caller, rate: rate, brand: brand, voiceID: voice, prompts: prompts,
                                                 listener: try listening.config(), keepAudio: out != nil)
            let readSec = Double(reader.sourceFramesRead) / Double(max(1, reader.info.sampleRateHz))
            if readSec + 1 < reader.info.durationSec {
                FileHandle.standardError.write(Data(String(
                    format: "replay: the call ended at %.2f s; %.1f s of the recording's %.1f s were read\n",
                    result.record.durationSec, readSec, reader.info.durationSec).utf8))
            }
            switch format {
            case .text: print(result.record.transcript())
            case .json: print(try ReportJSON.encode(result.record))
            }
            if let record { try Self.save(result.record, source: callAudio, to: record) }
            if let out {
                try AudioFileWriter.writeWAV(url: URL(fileURLWithPath: out),
                                             channels: [result.callerAudio, result.engineAudio], sampleRateHz: result.rateHz)
            }
            if let expect {
                let script = try CallScriptRenderer.load(path: expect)
                let diff = ExpectationCheck.differences(result.record, script.expect)
                if !diff.isEmpty {
                    throw CLIError("replay differs from \(expect):\n  " + diff.joined(separator: "\n  "))
                }
                FileHandle.standardError.write(Data("replay matches \(expect)\n".utf8))
            }
        } catch let error as CLIError {
            throw error
        } catch let error as CustomStringConvertible where error is Error {
            throw CLIError(error.description)
        }
    }
}
