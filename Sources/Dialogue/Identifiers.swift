/// The names a brand's configuration uses to refer to its parts. String-backed so they read
/// naturally in YAML; typos are caught by `ivr voices lint`, not at call time.

/// What every name type shares: made from a string (in code or YAML), shown and ordered as it.
public protocol BrandName: RawRepresentable, Hashable, Comparable, Sendable, Codable, ExpressibleByStringLiteral,
    CustomStringConvertible where RawValue == String {
    init(rawValue: String)
}

extension BrandName {
    public init(_ rawValue: String) { self.init(rawValue: rawValue) }
    public init(stringLiteral value: String) { self.init(rawValue: value) }
    public var description: String { rawValue }
    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
}

/// A dialogue act: one line the brand can say ("greeting", "main_menu", "no_input").
public struct PromptKey: BrandName {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    /// Said right after the first line of the call when the voice profile discloses automation.
    public static let disclosure: PromptKey = "disclosure"
    /// Default reprompts after a no-input timeout and after input that matched nothing.
    public static let noInput: PromptKey = "no_input"
    public static let noMatch: PromptKey = "no_match"
}

/// How a line is worded for a style: "default", "concise", "reassuring", "lively", "friendly", …
public struct PromptVariant: BrandName {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    /// Every line has this one; any other variant falls back to it.
    public static let `default`: PromptVariant = "default"
    public static let concise: PromptVariant = "concise"
    public static let reassuring: PromptVariant = "reassuring"
    public static let lively: PromptVariant = "lively"
    public static let friendly: PromptVariant = "friendly"
    /// The variants the shipped brands write for every line.
    public static let standard: [PromptVariant] = [.default, .concise, .reassuring, .lively, .friendly]
}

/// A state of a dialogue flow ("main_menu").
public struct StateID: BrandName {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
}

/// Something a style may add after a state's prompt (from the prompt set's pools).
public enum PromptExtraKind: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    /// An interesting fact, to liven up a bored caller.
    case fact
    /// A light joke, for a cheerful caller.
    case joke

    public var description: String { rawValue }
}
