import Dialogue

/// Finds flows that move without waiting for the caller: states that say nothing, wait for
/// nothing and go `next` are entered at once, one after another. The dialogue gives up after
/// `maxEntriesPerEvent` entries in one event and ends the call as failed, so such a chain (or any
/// loop of them) is an error; a loop of states that speak but never wait is a warning (the call
/// only plays prompts until the caller hangs up or presses the human key).
struct FlowMoveCheck {
    /// `DialogueStateMachine.maxEntriesPerEvent`: state entries one event may make.
    static let maxEntriesPerEvent = 64

    let loaded: LoadedFlow
    let log: DiagnosticLog

    func run() {
        let flow = loaded.flow
        func passesThrough(_ s: FlowState) -> Bool { s.terminal == nil && !s.input.waitsForInput && s.next != nil }
        func instant(_ s: FlowState) -> Bool { passesThrough(s) && s.prompts.isEmpty }
        var byID: [StateID: FlowState] = [:]
        for s in flow.states where byID[s.id] == nil { byID[s.id] = s }

        // Longest run of instant states from each state (memoised; a loop is reported once).
        var run: [StateID: Int] = [:]
        var onPath: Set<StateID> = []
        var reportedLoop = false
        func length(_ id: StateID) -> Int {
            if let known = run[id] { return known }
            guard let s = byID[id], instant(s), let next = s.next else { return 0 }
            if onPath.contains(id) {
                if !reportedLoop {
                    reportedLoop = true
                    log.error(location(id), "state '\(id)' is in a loop of states that say nothing and wait for nothing: "
                              + "the call would move around it at once, never waiting for the caller, and end as failed",
                              fix: "give one of them 'say:' or 'input:', or end the loop with 'transfer:'/'hangup:'")
                }
                return Self.maxEntriesPerEvent
            }
            onPath.insert(id)
            let n = min(Self.maxEntriesPerEvent, 1 + length(next))
            onPath.remove(id)
            run[id] = n
            return n
        }
        for s in flow.states {
            let n = length(s.id)
            // Entering the run's first state, each following one, and the state it ends in.
            if n + 1 > Self.maxEntriesPerEvent, !reportedLoop {
                reportedLoop = true
                log.error(location(s.id), "from state '\(s.id)' the flow moves through \(n) states that say nothing and wait for nothing; "
                          + "after \(Self.maxEntriesPerEvent) moves without waiting for the caller the call ends as failed",
                          fix: "merge these states, or let some of them say something or wait for input")
            }
        }

        // Loops of states that speak but never wait.
        var visited: Set<StateID> = []
        for s in flow.states where passesThrough(s) && !visited.contains(s.id) {
            var path: [StateID] = []
            var current: FlowState? = s
            while let c = current, passesThrough(c), !visited.contains(c.id) {
                if let at = path.firstIndex(of: c.id) {
                    let loop = path[at...]
                    if loop.contains(where: { byID[$0]?.prompts.isEmpty == false }) {
                        log.warning(location(c.id), "states \(loop.map { "'\($0)'" }.joined(separator: " → ")) loop without ever waiting for the caller",
                                    fix: "let one of them wait for input ('input:') or end the call")
                    }
                    break
                }
                path.append(c.id)
                current = c.next.flatMap { byID[$0] }
            }
            visited.formUnion(path)
        }
    }

    private func location(_ id: StateID) -> SourceLocation {
        loaded.marks.states[id] ?? loaded.marks.top
    }
}
