import Dialogue

/// A voice profile as read from its file, with where each part was written (for cross-file checks).
public struct LoadedVoice: Sendable {
    public var profile: VoiceProfile
    public var file: String
    var marks = VoiceMarks()
}

struct VoiceMarks: Sendable {
    var top = SourceLocation(file: "", line: 1, column: 1)
    var promptSet: SourceLocation?
    var disclosure: SourceLocation?
    var languages: [String: SourceLocation] = [:]
    var styles: [CallerEmotion: SourceLocation] = [:]
    var styleVariants: [CallerEmotion: SourceLocation] = [:]
    var styleExtras: [CallerEmotion: SourceLocation] = [:]
}

/// A prompt set as read from its folder (one file per language).
public struct LoadedPromptSet: Sendable {
    public var set: PromptSet
    public var directory: String
    /// Language → the file its lines came from.
    public var files: [String: String]
    var marks = PromptMarks()
}

struct PromptMarks: Sendable {
    /// Language → key → where the line's key is written.
    var lines: [String: [PromptKey: SourceLocation]] = [:]
    /// Language → top of its file.
    var files: [String: SourceLocation] = [:]
    /// Language → key → variant → where the variant is written.
    var variants: [String: [PromptKey: [PromptVariant: SourceLocation]]] = [:]
}

/// A flow as read from `flow.yaml`.
public struct LoadedFlow: Sendable {
    public var flow: Flow
    public var file: String
    var marks = FlowMarks()
}

struct FlowMarks: Sendable {
    var top = SourceLocation(file: "", line: 1, column: 1)
    var start: SourceLocation?
    var states: [StateID: SourceLocation] = [:]
    /// Every place a state name is used as a target.
    var stateReferences: [(target: StateID, at: SourceLocation, what: String)] = []
    /// Every place a prompt key is used: a state's `say`, the reprompt lists.
    var promptReferences: [(key: PromptKey, language: String?, at: SourceLocation, what: String)] = []
    var humanState: SourceLocation?
    /// State → digit entry → where it is written.
    var digitKeys: [StateID: [String: SourceLocation]] = [:]
    /// Where a state switches language.
    var languages: [(language: String, at: SourceLocation)] = []
}
