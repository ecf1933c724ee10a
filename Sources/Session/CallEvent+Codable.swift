import Emotion

/// The flat JSON form of a call event: `t`, `type`, and the kind's fields beside them (absent
/// ones omitted). Replay JSON, the records store and the live event stream all use it, and the
/// same record always encodes to the same bytes (with sorted keys).
extension CallEvent: Codable {
    private enum Field: String, CodingKey {
        case t, type, key, style, variant, text, language, purpose, durationSec, delivery
        case startSec, endSec, emotion, digit, source, from, to, reason, state, count, input, target, outcome
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Field.self)
        try c.encode(t, forKey: .t)
        try c.encode(type, forKey: .type)
        switch kind {
        case .callStarted:
            break
        case .prompt(let p):
            try c.encode(p.key, forKey: .key)
            try c.encode(p.style, forKey: .style)
            try c.encode(p.variant, forKey: .variant)
            try c.encode(p.text, forKey: .text)
            try c.encode(p.language, forKey: .language)
            try c.encode(p.purpose, forKey: .purpose)
            try c.encode(p.durationSec, forKey: .durationSec)
            try c.encode(p.delivery, forKey: .delivery)
        case .callerTurn(let start, let end, let emotion):
            try c.encode(start, forKey: .startSec)
            try c.encode(end, forKey: .endSec)
            try c.encode(emotion, forKey: .emotion)
        case .dtmf(let digit, let start, let source):
            try c.encode(String(digit), forKey: .digit)
            try c.encode(start, forKey: .startSec)
            if source != .inBand { try c.encode(source, forKey: .source) }
        case .bargeIn(let start):
            try c.encode(start, forKey: .startSec)
        case .transition(let from, let to, let reason):
            try c.encodeIfPresent(from, forKey: .from)
            try c.encode(to, forKey: .to)
            try c.encode(reason, forKey: .reason)
        case .noInput(let state, let count):
            try c.encode(state, forKey: .state)
            try c.encode(count, forKey: .count)
        case .noMatch(let state, let count, let input):
            try c.encode(state, forKey: .state)
            try c.encode(count, forKey: .count)
            try c.encode(input, forKey: .input)
        case .styleChanged(let from, let to, let reason):
            try c.encode(from, forKey: .from)
            try c.encode(to, forKey: .to)
            try c.encode(reason, forKey: .reason)
        case .transfer(let target, let reason):
            try c.encode(target, forKey: .target)
            try c.encode(reason, forKey: .reason)
        case .hangup(let outcome, let reason):
            try c.encode(outcome, forKey: .outcome)
            try c.encode(reason, forKey: .reason)
        }
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: Field.self)
        t = try c.decode(Double.self, forKey: .t)
        let type = try c.decode(String.self, forKey: .type)
        func s(_ f: Field) throws -> String { try c.decode(String.self, forKey: f) }
        func d(_ f: Field) throws -> Double { try c.decode(Double.self, forKey: f) }
        switch type {
        case "callStarted":
            kind = .callStarted
        case "prompt":
            kind = .prompt(PromptPlayed(key: try s(.key), style: try s(.style), variant: try s(.variant),
                                        text: try s(.text), language: try s(.language), purpose: try s(.purpose),
                                        durationSec: try d(.durationSec), delivery: try s(.delivery)))
        case "callerTurn":
            kind = .callerTurn(startSec: try d(.startSec), endSec: try d(.endSec),
                               emotion: try c.decode(EmotionEstimate.self, forKey: .emotion))
        case "dtmf":
            let digit = try s(.digit)
            guard digit.count == 1, let ch = digit.first else {
                throw DecodingError.dataCorruptedError(forKey: .digit, in: c, debugDescription: "a digit is one key, got \"\(digit)\"")
            }
            kind = .dtmf(digit: ch, startSec: try d(.startSec),
                         source: try c.decodeIfPresent(DigitSource.self, forKey: .source) ?? .inBand)
        case "bargeIn":
            kind = .bargeIn(startSec: try d(.startSec))
        case "transition":
            kind = .transition(from: try c.decodeIfPresent(String.self, forKey: .from), to: try s(.to), reason: try s(.reason))
        case "noInput":
            kind = .noInput(state: try s(.state), count: try c.decode(Int.self, forKey: .count))
        case "noMatch":
            kind = .noMatch(state: try s(.state), count: try c.decode(Int.self, forKey: .count), input: try s(.input))
        case "styleChanged":
            kind = .styleChanged(from: try s(.from), to: try s(.to), reason: try s(.reason))
        case "transfer":
            kind = .transfer(target: try s(.target), reason: try s(.reason))
        case "hangup":
            kind = .hangup(outcome: try c.decode(CallOutcome.self, forKey: .outcome), reason: try s(.reason))
        default:
            throw DecodingError.dataCorruptedError(forKey: .type, in: c, debugDescription: "unknown call event type \"\(type)\"")
        }
    }
}
