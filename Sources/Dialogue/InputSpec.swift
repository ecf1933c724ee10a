/// What a state waits for after its prompt.
public enum InputSpec: Sendable, Hashable {
    /// Nothing: the state says its prompt and moves on (`next`) or acts (transfer, hang up).
    case none
    /// Keypad digits.
    case dtmf(DTMFInput)
    /// A spoken caller turn.
    case speech
    /// Either keypad digits or a spoken turn.
    case either(DTMFInput)

    /// The digit collection rules, when the state takes digits.
    public var dtmf: DTMFInput? {
        switch self {
        case .dtmf(let input), .either(let input): return input
        case .none, .speech: return nil
        }
    }

    public var takesSpeech: Bool {
        switch self {
        case .speech, .either: return true
        case .none, .dtmf: return false
        }
    }

    public var waitsForInput: Bool { self != .none }
}

/// How digits are collected: an entry ends at `maxDigits`, at the finish key, or when the
/// caller pauses longer than the inter-digit timeout.
public struct DTMFInput: Sendable, Hashable {
    public var minDigits: Int
    public var maxDigits: Int
    /// Ends an entry early ("#"); nil for none. Not part of the entry.
    public var finishKey: Character?
    /// Pause between digits that ends an entry; nil takes the flow's default.
    public var interDigitTimeoutSec: Double?

    public init(minDigits: Int = 1, maxDigits: Int = 1, finishKey: Character? = "#",
                interDigitTimeoutSec: Double? = nil) {
        self.minDigits = minDigits
        self.maxDigits = maxDigits
        self.finishKey = finishKey
        self.interDigitTimeoutSec = interDigitTimeoutSec
    }

    /// One key chooses (a menu).
    public static let menu = DTMFInput()

    /// The keys a caller can press.
    public static let keys: Set<Character> = Set("0123456789*#ABCD")
}
