import ArgumentParser
import Foundation

@main
struct IVR: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ivr",
        abstract: "A voice-channel IVR engine that hears how a caller speaks.",
        discussion: """
            Exit status: 0 success; 1 bad input or a failed check (the message names the file and \
            what is wrong); 2 usage error (unknown option, bad option value).
            """,
        subcommands: [Analyze.self, Replay.self, Serve.self, Call.self, Records.self, Voices.self, Fixtures.self, EmotionCommand.self])

    /// Parses, runs, and maps every outcome to one exit status (`ExitStatus`).
    static func main() async {
        let arguments = Array(CommandLine.arguments.dropFirst())
        if let message = ExitStatus.dashFileProblem(arguments) {
            FileHandle.standardError.write(Data("Error: \(message)\n".utf8))
            Foundation.exit(ExitStatus.usage)
        }
        do {
            var command = try parseAsRoot(arguments)
            if var live = command as? AsyncParsableCommand {
                try await live.run()
            } else {
                try command.run()
            }
            Foundation.exit(ExitStatus.success)
        } catch {
            let status = ExitStatus.status(for: error)
            let message = fullMessage(for: error)
            if status == ExitStatus.success {
                if !message.isEmpty { print(message) }
            } else if !message.isEmpty {
                FileHandle.standardError.write(Data((message.hasSuffix("\n") ? message : message + "\n").utf8))
            }
            Foundation.exit(status)
        }
    }
}
