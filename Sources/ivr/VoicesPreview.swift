import ArgumentParser
import BrandConfig
import Foundation
import Session

/// `ivr voices preview VOICE`: every line in every style, to listen to.
struct VoicesPreview: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "preview",
        abstract: "Render every line of a brand's prompt set in every style to WAV files, with an index.")

    @Argument(help: "The voice: a voices/<VOICE>.yaml file name without extension.")
    var voice: String

    @Option(help: "Where to write (default: previews/<VOICE>).", completion: .directory)
    var out: String?

    @Option(help: "The folder holding voices/ and prompts/.")
    var root = "."

    @Option(help: "Sample rate of the WAV files, Hz.")
    var rate = 16000

    func validate() throws {
        guard (8000...48_000).contains(rate) else {
            throw ValidationError("--rate must be 8000…48000 Hz (got \(rate)); previews are telephone to wideband audio")
        }
    }

    func run() throws {
        do {
            let (brand, warnings) = try BrandRepository(root: root).loadChecked(
                voice: voice, espeakDataPath: ProcessInfo.processInfo.environment["ESPEAK_DATA_PATH"])
            for w in warnings { FileHandle.standardError.write(Data("\(w.description)\n".utf8)) }
            let dir = URL(fileURLWithPath: out ?? "previews/\(voice)")
            let prompts = try PromptLibrary(brand: brand, baseDirectory: URL(fileURLWithPath: root).appendingPathComponent("prompts/\(brand.voice.promptSet)"), ratesHz: [rate])
            let entries = try VoicePreview.render(brand: brand, prompts: prompts, to: dir, rateHz: rate) { done, total in
                if done % 25 == 0 || done == total {
                    FileHandle.standardError.write(Data("\rrendering \(done)/\(total)".utf8))
                    if done == total { FileHandle.standardError.write(Data("\n".utf8)) }
                }
            }
            print("\(entries.count) previews in \(dir.path) — open \(dir.appendingPathComponent("index.md").path)")
        } catch let error as CustomStringConvertible where error is Error {
            throw CLIError(error.description)
        }
    }
}
