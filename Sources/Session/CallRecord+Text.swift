import Foundation

extension CallRecord {
    /// A readable transcript of the call (what `ivr replay --format text` prints).
    public func transcript() -> String {
        var lines = ["call with voice \(voice): \(outcome) after \(String(format: "%.2f", durationSec)) s"]
        for e in events { lines.append(String(format: "%7.2f  ", e.t) + e.line()) }
        return lines.joined(separator: "\n")
    }
}

extension CallEvent {
    func line() -> String {
        switch type {
        case .callStarted:
            return "call started"
        case .prompt:
            let dur = durationSec.map { String(format: "%.1f s", $0) } ?? ""
            return "ENGINE  [\(key ?? "?") · \(style ?? "?") style · \(variant ?? "?")] \"\(text ?? "")\"  (\(dur); \(delivery ?? ""))"
        case .callerTurn:
            let span = String(format: "%.2f–%.2f s", startSec ?? 0, endSec ?? 0)
            guard let emotion else { return "CALLER  turn \(span)" }
            return "CALLER  turn \(span): \(emotion.label.rawValue.uppercased()) (arousal "
                + String(format: "%+.2f", emotion.arousal) + ", confidence " + String(format: "%.2f", emotion.confidence)
                + ") — " + emotion.reasons.joined(separator: "; ")
        case .dtmf:
            return "CALLER  pressed \(digit ?? "?")"
        case .bargeIn:
            return "CALLER  barged in (speech from \(String(format: "%.2f", startSec ?? 0)) s): prompt stopped"
        case .transition:
            return "FLOW    \(from ?? "—") → \(to ?? "?"): \(reason ?? "")"
        case .noInput:
            return "FLOW    no input in \(state ?? "?") (\(count ?? 0))"
        case .noMatch:
            return "FLOW    no match in \(state ?? "?"): \(input ?? "") (\(count ?? 0))"
        case .styleChanged:
            return "STYLE   \(from ?? "?") → \(to ?? "?"): \(reason ?? "")"
        case .transfer:
            return "FLOW    transfer to \(target ?? "?"): \(reason ?? "")"
        case .hangup:
            return "END     \(outcome ?? "?"): \(reason ?? "")"
        }
    }
}
