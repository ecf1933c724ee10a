/// Named timers on the session's clock (virtual in replay, real in live calls).
///
/// A pure value: `start` (re)arms a timer, `cancel` disarms it, `due(at:)` returns the timers
/// whose time has come, in due-time order (ties by name), and disarms them.
public struct TimerSchedule<ID: Hashable & Sendable>: Sendable {
    private var deadlines: [ID: Double] = [:]

    public init() {}

    public mutating func start(_ id: ID, at deadlineSec: Double) { deadlines[id] = deadlineSec }
    public mutating func cancel(_ id: ID) { deadlines[id] = nil }
    public mutating func cancelAll() { deadlines.removeAll() }

    public mutating func due(at nowSec: Double) -> [ID] {
        // Called every hop: nothing is built unless a timer is due.
        guard deadlines.values.contains(where: { $0 <= nowSec }) else { return [] }
        let fired = deadlines.filter { $0.value <= nowSec }
            .sorted { $0.value != $1.value ? $0.value < $1.value : "\($0.key)" < "\($1.key)" }
            .map(\.key)
        for id in fired { deadlines[id] = nil }
        return fired
    }
}
