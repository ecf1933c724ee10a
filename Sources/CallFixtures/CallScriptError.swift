/// Errors in a call script; each names the file and the step.
public enum CallScriptError: Error, Equatable, CustomStringConvertible {
    case unreadable(path: String, reason: String)
    case invalidStep(path: String, index: Int, reason: String)

    public var description: String {
        switch self {
        case let .unreadable(path, reason):
            return "\(path): not a valid call script: \(reason)"
        case let .invalidStep(path, index, reason):
            return "\(path): script step \(index + 1): \(reason)"
        }
    }
}
