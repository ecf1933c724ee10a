import Dialogue

/// Checks of a whole flow: names that must exist, states that must be reachable.
struct FlowChecks {
    let loaded: LoadedFlow
    let log: DiagnosticLog

    func run() {
        let flow = loaded.flow
        let marks = loaded.marks
        let names = flow.states.map(\.id.rawValue)
        for reference in marks.stateReferences where flow.state(reference.target) == nil {
            log.error(reference.at, "\(reference.what) goes to state '\(reference.target)', which does not exist",
                      fix: Suggestion.didYouMean(reference.target.rawValue, in: names)
                        ?? "add a state '\(reference.target)' under states, or use one of: \(names.joined(separator: ", "))")
        }
        let humanAt = marks.humanState ?? marks.top
        if flow.human.key != nil || marks.humanState != nil {
            if let human = flow.state(flow.human.state) {
                if case .transfer = human.terminal {} else {
                    log.warning(marks.states[human.id] ?? humanAt,
                                "the human state '\(human.id)' does not transfer the call",
                                fix: "give it 'transfer: <target>' so the human key reaches a person")
                }
            } else {
                log.error(humanAt, "the human key leads to state '\(flow.human.state)', which does not exist",
                          fix: Suggestion.didYouMean(flow.human.state.rawValue, in: names).map { "\($0) (set human.state)" }
                            ?? "add a state '\(flow.human.state)' with 'transfer:', or set 'human: {state: …}'")
            }
        }
        FlowMoveCheck(loaded: loaded, log: log).run()
        guard flow.state(flow.start) != nil else { return }   // already reported; every state would look unreachable
        let reachable = Set(flow.reachableStates())
        for state in flow.states where !reachable.contains(state.id) {
            log.warning(marks.states[state.id] ?? marks.top, "state '\(state.id)' is unreachable: no state leads to it",
                        fix: "lead to it from another state (digits, next, onInput, …) or remove it")
        }
    }
}
