@_exported import CallerState
@_exported import SynthesisCore

/// A brand as the dialogue needs it: the voice, its prompt set, and the flow.
public struct Brand: Sendable, Hashable {
    public var voice: VoiceProfile
    public var prompts: PromptSet
    public var flow: Flow

    public init(voice: VoiceProfile, prompts: PromptSet, flow: Flow) {
        self.voice = voice
        self.prompts = prompts
        self.flow = flow
    }
}
