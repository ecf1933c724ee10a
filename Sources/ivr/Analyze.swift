import Analysis
import ArgumentParser
import AudioCore
import AudioFiles
import Foundation

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

/// `ivr analyze FILE`: what the engine hears in a recording, frame by frame and turn by turn.
struct Analyze: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Analyse a call recording: per-frame pitch, energy and speech; per-turn prosody and emotion; DTMF.",
        discussion: """
            Reads WAV, FLAC, Ogg/Opus and other formats libsndfile reads, at 8–192 kHz. Stereo \
            recordings: the caller is channel 1 (left) unless --channel says otherwise.
            """)

    @Argument(help: "The recording to analyse.", completion: .file())
    var file: String

    @Option(help: "Output format: text (a per-turn summary) or json (every frame; schema in the README).")
    var format: OutputFormat = .text

    @Option(help: "The caller's channel, 1-based (default: 1 for mono/stereo; required above 2 channels).")
    var channel: Int?

    @Flag(help: "Mix all channels instead of picking one.")
    var mix = false

    @Option(help: "Pipeline rate in Hz: 8000 or 16000 (default: 8000 for telephone-band files, 16000 otherwise).")
    var rate: Int?

    @OptionGroup var listening: ListeningOptions

    @Flag(help: "No progress on stderr.")
    var quiet = false

    func validate() throws {
        if mix && channel != nil { throw ValidationError("--mix and --channel exclude each other; pick one") }
        if let channel, channel < 1 { throw ValidationError("--channel is 1-based: got \(channel), use 1 or more") }
        if let rate, PipelineRate(rawValue: rate) == nil {
            throw ValidationError("--rate must be 8000 or 16000 (got \(rate))")
        }
    }

    func run() throws {
        var options = FileAnalysisOptions()
        options.channel = mix ? .mix : channel.map { .channel($0) } ?? .automatic
        options.rate = rate.flatMap(PipelineRate.init(rawValue:))
        options.listener = try listening.config()
        let showProgress = !quiet && isatty(STDERR_FILENO) != 0
        let progress: ((Double) -> Void)? = showProgress ? { fraction in
            FileHandle.standardError.write(Data("\ranalysing \(file): \(Int(fraction * 100)) %".utf8))
            if fraction >= 1 { FileHandle.standardError.write(Data("\n".utf8)) }
        } : nil
        do {
            // Frames are written as they are produced (JSON) or only counted (text): memory
            // does not grow with the recording.
            switch format {
            case .text:
                let report = try FileAnalyzer.analyze(path: file, options: options, progress: progress) { _ in }
                print(report.textSummary())
            case .json:
                let stream = try AnalysisJSONStream()
                let report = try FileAnalyzer.analyze(path: file, options: options, progress: progress, onFrame: stream.append)
                try stream.finish(report, to: FileHandle.standardOutput)
            }
        } catch let error as CustomStringConvertible where error is Error {
            throw CLIError(error.description)
        }
    }
}
