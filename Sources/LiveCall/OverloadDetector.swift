/// Decides from an event loop's media clock ticks whether the engine is falling behind, so that
/// new calls are refused (503) rather than every call degrading (README "Capacity and overload").
///
/// A tick that starts more than `lateTickMs` after its due time is late (its packets go out late
/// once it is a packet time late). Overloaded when at least `enterLateFraction` of the ticks in
/// the last `windowMs` were late (with at least `minimumTicks` in the window); back to normal
/// once the fraction has stayed at or below `exitLateFraction` for `recoveryMs` — the hysteresis
/// keeps a loop at its limit from flapping between taking and refusing calls.
///
/// A pure state machine: ticks and times in, transitions out; no clock, no allocation per tick
/// (the reason is written only on the transition).
public struct OverloadDetector: Sendable {
    public struct Configuration: Sendable, Equatable {
        public var lateTickMs = 10.0
        public var windowMs = 2000.0
        public var enterLateFraction = 0.05
        public var exitLateFraction = 0.01
        public var recoveryMs = 5000.0
        public var minimumTicks = 50
        public init() {}
    }

    public enum Transition: Sendable, Equatable {
        /// Why, in words (the 503's message says it).
        case overloaded(reason: String)
        case recovered
    }

    public let configuration: Configuration
    /// The window in `slotCount` slots of `windowMs / slotCount`, a ring indexed by slot number.
    private var slots: [Slot]
    private static let slotCount = 20
    private var slotMs: Double { configuration.windowMs / Double(Self.slotCount) }
    public private(set) var isOverloaded = false
    /// Since when the late fraction has been at or below the exit threshold (while overloaded).
    private var calmSinceMs: Double?

    private struct Slot {
        var number = Int64.min
        var ticks = 0
        var late = 0
        var worstMs = 0.0
    }

    public init(configuration: Configuration = .init()) {
        self.configuration = configuration
        slots = [Slot](repeating: Slot(), count: Self.slotCount)
    }

    /// The ticks in the window ending at the last tick: how many, how many late, the worst lateness.
    public private(set) var window: (ticks: Int, late: Int, worstMs: Double) = (0, 0, 0)

    /// A tick at `nowMs` that started `latenessMs` after its due time.
    public mutating func tick(atMs nowMs: Double, latenessMs: Double) -> Transition? {
        let number = Int64((nowMs / slotMs).rounded(.down))
        let k = Int(((number % Int64(Self.slotCount)) + Int64(Self.slotCount)) % Int64(Self.slotCount))
        if slots[k].number != number { slots[k] = Slot(number: number) }
        slots[k].ticks += 1
        if latenessMs > configuration.lateTickMs { slots[k].late += 1 }
        slots[k].worstMs = max(slots[k].worstMs, latenessMs)
        window = (0, 0, 0)
        for i in 0..<Self.slotCount where slots[i].number > number - Int64(Self.slotCount) && slots[i].number <= number {
            window.ticks += slots[i].ticks
            window.late += slots[i].late
            window.worstMs = max(window.worstMs, slots[i].worstMs)
        }
        let fraction = Double(window.late) / Double(max(1, window.ticks))
        if !isOverloaded {
            guard window.ticks >= configuration.minimumTicks, fraction >= configuration.enterLateFraction else { return nil }
            isOverloaded = true
            calmSinceMs = nil
            return .overloaded(reason: reason(fraction: fraction))
        }
        guard fraction <= configuration.exitLateFraction else {
            calmSinceMs = nil
            return nil
        }
        let calmSince = calmSinceMs ?? nowMs
        calmSinceMs = calmSince
        guard nowMs - calmSince >= configuration.recoveryMs else { return nil }
        isOverloaded = false
        calmSinceMs = nil
        return .recovered
    }

    /// The clock stopped (no calls on its loop): nothing is falling behind; the window starts afresh.
    public mutating func reset() -> Transition? {
        for k in slots.indices { slots[k] = Slot() }
        window = (0, 0, 0)
        calmSinceMs = nil
        guard isOverloaded else { return nil }
        isOverloaded = false
        return .recovered
    }

    private func reason(fraction: Double) -> String {
        let c = configuration
        return "\(Int((fraction * 100).rounded())) % of the media clock's ticks in the last \(Self.seconds(c.windowMs)) ran "
            + "more than \(Self.number(c.lateTickMs)) ms late (\(window.late) of \(window.ticks); the worst "
            + "\(Self.number(window.worstMs)) ms late); new calls are taken again once at most "
            + "\(Self.number(c.exitLateFraction * 100)) % are late for \(Self.seconds(c.recoveryMs))"
    }

    private static func number(_ x: Double) -> String {
        x == x.rounded() ? String(Int(x)) : String((x * 10).rounded() / 10)
    }

    private static func seconds(_ ms: Double) -> String { "\(number(ms / 1000)) s" }
}
