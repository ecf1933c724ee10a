/// A brand's dialogue as a declarative state machine (`prompts/<set>/flow.yaml`).
public struct Flow: Sendable, Hashable {
    public var id: String
    /// The state a call starts in (its first line is followed by the disclosure).
    public var start: StateID
    /// In the order written (for stable reports); look up with `state(_:)`.
    public private(set) var states: [FlowState]
    public var settings: FlowSettings
    public var human: HumanEscape
    public var emotion: EmotionPolicy
    private var index: [StateID: Int]

    public init(id: String, start: StateID, states: [FlowState], settings: FlowSettings = FlowSettings(),
                human: HumanEscape, emotion: EmotionPolicy = EmotionPolicy()) {
        self.id = id
        self.start = start
        self.states = states
        self.settings = settings
        self.human = human
        self.emotion = emotion
        var index: [StateID: Int] = [:]
        for (i, state) in states.enumerated() where index[state.id] == nil { index[state.id] = i }
        self.index = index
    }

    public func state(_ id: StateID) -> FlowState? { index[id].map { states[$0] } }

    /// States reachable from `start` (following every transition, the human state and the
    /// failure state), in breadth-first order.
    public func reachableStates() -> [StateID] {
        var seen: Set<StateID> = [start]
        var order: [StateID] = [start]
        var queue = [start]
        var extra: [StateID] = [human.state]
        if let failure = settings.onFailure { extra.append(failure) }
        extra += emotion.rules.map(\.goto)
        for id in extra where seen.insert(id).inserted { order.append(id); queue.append(id) }
        while !queue.isEmpty {
            let id = queue.removeFirst()
            for next in state(id)?.successors ?? [] where seen.insert(next).inserted {
                order.append(next)
                queue.append(next)
            }
        }
        return order
    }
}
