import ArgumentParser

@main
struct IVR: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ivr",
        abstract: "A voice-channel IVR engine that hears how a caller speaks.",
        subcommands: [Analyze.self, Replay.self, Serve.self, Call.self, Voices.self, Fixtures.self, EmotionCommand.self])
}
