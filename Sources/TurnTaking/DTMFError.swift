/// Errors from the DTMF generator.
public enum DTMFError: Error, Equatable, CustomStringConvertible {
    /// `digits` holds a character that is not a DTMF digit.
    case invalidDigit(Character, position: Int)
    /// The digits do not fit in spandsp's generator queue (`maximum` digits, including those not yet played).
    case tooManyDigits(count: Int, maximum: Int)
    /// A generator setting is outside what spandsp (or the telephone network) accepts.
    case invalidSetting(name: String, value: Int, expected: String)

    public var description: String {
        switch self {
        case let .invalidDigit(c, position):
            return "'\(c)' at position \(position) is not a DTMF digit; expected one of 0-9 * # A B C D"
        case let .tooManyDigits(count, maximum):
            return "\(count) digits do not fit in the DTMF generator's queue (\(maximum) digits, including unplayed ones); render some first"
        case let .invalidSetting(name, value, expected):
            return "DTMF generator \(name) = \(value) is out of range; expected \(expected)"
        }
    }
}
