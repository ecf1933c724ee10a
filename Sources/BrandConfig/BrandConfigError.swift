/// Why a brand could not be loaded.
public enum BrandConfigError: Error, Sendable, CustomStringConvertible {
    /// No `voices/<id>.yaml`.
    case voiceNotFound(id: String, folder: String, available: [String])
    /// The files have errors (warnings may be among the diagnostics too).
    case invalid([Diagnostic])

    public var description: String {
        switch self {
        case .voiceNotFound(let id, let folder, let available):
            let hint = Suggestion.didYouMean(id, in: available)
                ?? (available.isEmpty ? "no voices there" : "available: \(available.joined(separator: ", "))")
            return "no voice '\(id)' in \(folder) (\(hint))"
        case .invalid(let diagnostics):
            return diagnostics.filter { $0.severity == .error }.map(\.description).joined(separator: "\n")
        }
    }
}
