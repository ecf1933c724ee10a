import ArgumentParser
import AudioFiles
import CallFixtures
import Foundation

/// `ivr fixtures make`: renders scripted caller recordings from their manifests.
struct Fixtures: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Make the scripted fixture calls in audio-fixtures/calls/.",
        subcommands: [Make.self])

    struct Make: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Render each call script (YAML) to the WAV beside it (same name, .wav).",
            discussion: "Deterministic: the same scripts rendered in the same order give the same bytes.")

        @Argument(help: "Call scripts (default: every .yaml in audio-fixtures/calls).")
        var scripts: [String] = []

        func run() throws {
            let paths = scripts.isEmpty ? try defaultScripts() : scripts
            // espeak-ng's output depends on what it synthesized before (see EspeakSynthesizer):
            // each script is rendered in a fresh process, so a file's bytes do not depend on
            // which other scripts were rendered with it.
            if paths.count > 1 {
                for path in paths { try renderInChildProcess(path) }
                return
            }
            for path in paths {
                do {
                    let script = try CallScriptRenderer.load(path: path)
                    let (samples, _) = try CallScriptRenderer.render(script, path: path)
                    let wav = URL(fileURLWithPath: path).deletingPathExtension().appendingPathExtension("wav")
                    try AudioFileWriter.writeWAV(url: wav, channels: [samples], sampleRateHz: script.effectiveRateHz)
                    print("\(wav.path): \(String(format: "%.2f", Double(samples.count) / Double(script.effectiveRateHz))) s")
                } catch let error as CustomStringConvertible where error is Error {
                    throw CLIError(error.description)
                }
            }
        }

        private func renderInChildProcess(_ path: String) throws {
            let child = Process()
            child.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
            child.arguments = ["fixtures", "make", path]
            try child.run()
            child.waitUntilExit()
            guard child.terminationStatus == 0 else { throw ExitCode(child.terminationStatus) }
        }

        private func defaultScripts() throws -> [String] {
            let dir = "audio-fixtures/calls"
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else {
                throw CLIError("\(dir): no such folder; run from the repository root or name the scripts")
            }
            return names.filter { $0.hasSuffix(".yaml") }.sorted().map { "\(dir)/\($0)" }
        }
    }
}
