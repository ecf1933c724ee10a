import Session

/// Compares a replay's call record with a fixture's expectations.
public enum ExpectationCheck {
    /// Readable differences, empty when the replay matches.
    public static func differences(_ record: CallRecord, _ expect: CallScript.Expectation) -> [String] {
        var out: [String] = []
        if record.outcome.rawValue != expect.outcome {
            out.append("outcome: expected \(expect.outcome), got \(record.outcome.rawValue)")
        }
        if let states = expect.states {
            let visited = record.statesVisited
            if visited != states {
                out.append("states: expected \(states.joined(separator: " → "))\n        got      \(visited.joined(separator: " → "))")
            }
        }
        if let emotions = expect.turnEmotions {
            let heard = record.turnLabels
            if heard != emotions {
                out.append("caller emotions per turn: expected \(emotions.joined(separator: ", "))\n        got      \(heard.joined(separator: ", "))")
            }
        }
        if let digits = expect.digits {
            let heard = record.digits
            if heard != digits { out.append("digits: expected \"\(digits)\", got \"\(heard)\"") }
        }
        return out
    }
}
