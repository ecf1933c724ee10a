import Foundation

extension CallRecord {
    /// A readable transcript of the call (what `ivr replay --format text` prints).
    public func transcript() -> String {
        var lines = ["call with voice \(voice): \(outcome.rawValue) after \(String(format: "%.2f", durationSec)) s"]
        for e in events { lines.append(e.transcriptLine()) }
        return lines.joined(separator: "\n")
    }
}

extension CallEvent {
    /// One transcript line: time, who, what.
    public func transcriptLine() -> String {
        String(format: "%7.2f  ", t) + description
    }

    private var description: String {
        switch kind {
        case .callStarted:
            return "call started"
        case .prompt(let p):
            return "ENGINE  [\(p.key) · \(p.style) style · \(p.variant)] \"\(p.text)\"  ("
                + String(format: "%.1f s", p.durationSec) + "; \(p.delivery))"
        case .callerTurn(let start, let end, let emotion):
            return "CALLER  turn " + String(format: "%.2f–%.2f s", start, end) + ": \(emotion.label.rawValue.uppercased()) (arousal "
                + String(format: "%+.2f", emotion.arousal) + ", confidence " + String(format: "%.2f", emotion.confidence)
                + ") — " + emotion.reasons.joined(separator: "; ")
        case .dtmf(let digit, _, let source):
            return "CALLER  pressed \(digit)" + (source == .rfc4733 ? " (RFC 4733)" : "")
        case .bargeIn(let start):
            return "CALLER  barged in (speech from \(String(format: "%.2f", start)) s): prompt stopped"
        case .transition(let from, let to, let reason):
            return "FLOW    \(from ?? "—") → \(to): \(reason)"
        case .noInput(let state, let count):
            return "FLOW    no input in \(state) (\(count))"
        case .noMatch(let state, let count, let input):
            return "FLOW    no match in \(state): \(input) (\(count))"
        case .styleChanged(let from, let to, let reason):
            return "STYLE   \(from) → \(to): \(reason)"
        case .transfer(let target, let reason):
            return "FLOW    transfer to \(target): \(reason)"
        case .hangup(let outcome, let reason):
            return "END     \(outcome.rawValue): \(reason)"
        }
    }
}
