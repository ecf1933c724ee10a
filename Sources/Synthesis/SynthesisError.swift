/// Errors of speech synthesis; each says what was asked and what would be right.
public enum SynthesisError: Error, Equatable, CustomStringConvertible {
    case engineUnavailable(String)
    case unknownVoice(String)
    case parameterOutOfRange(name: String, value: Int, range: ClosedRange<Int>)
    case synthesisFailed(code: Int32)
    case emptyText

    public var description: String {
        switch self {
        case .engineUnavailable(let why):
            return "espeak-ng could not start: \(why); install espeak-ng-data (scripts/setup.sh)"
        case .unknownVoice(let name):
            return "espeak-ng has no voice '\(name)'; list voices with `espeak-ng --voices` and variants with `espeak-ng --voices=variant`"
        case let .parameterOutOfRange(name, value, range):
            return "synthesis \(name) \(value) is out of range \(range.lowerBound)…\(range.upperBound)"
        case .synthesisFailed(let code):
            return "espeak-ng failed to synthesize (error \(code))"
        case .emptyText:
            return "nothing to say: the prompt text is empty"
        }
    }
}
