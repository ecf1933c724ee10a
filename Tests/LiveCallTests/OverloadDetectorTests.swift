import LiveCall
import MallocCounter
import Testing

/// The overload detector as a pure state machine, driven with injected tick times and lateness
/// (README "Capacity and overload"): defaults — a tick more than 10 ms late is late; overloaded at
/// ≥ 5 % late ticks over the last 2 s (50 ticks at least); recovered after ≤ 1 % for 5 s.
@Suite struct OverloadDetectorTests {
    /// Feeds `seconds` of 20 ms ticks from `startMs`, every `lateEvery`-th one `lateMs` late (the
    /// rest 1 ms); returns the transitions with their times.
    static func run(_ d: inout OverloadDetector, fromMs startMs: Double, seconds: Double, lateEvery: Int = 0,
                    lateMs: Double = 30) -> [(Double, OverloadDetector.Transition)] {
        var out: [(Double, OverloadDetector.Transition)] = []
        let ticks = Int(seconds * 50)
        for i in 0..<ticks {
            let t = startMs + Double(i) * 20
            let late = lateEvery > 0 && i % lateEvery == 0
            if let change = d.tick(atMs: t, latenessMs: late ? lateMs : 1) { out.append((t, change)) }
        }
        return out
    }

    @Test func onTimeTicksNeverOverload() {
        var d = OverloadDetector()
        #expect(Self.run(&d, fromMs: 1000, seconds: 60).isEmpty)
        #expect(!d.isOverloaded)
        #expect(d.window.ticks == 100 && d.window.late == 0)
    }

    @Test func tenPercentLateTicksOverloadWithAReasonThatSaysWhy() throws {
        var d = OverloadDetector()
        let changes = Self.run(&d, fromMs: 0, seconds: 5, lateEvery: 10, lateMs: 35)
        #expect(changes.count == 1)
        let (t, change) = try #require(changes.first)
        // Not before the window holds 50 ticks (1 s), then at once: 5 of the first 50 ticks were late.
        #expect(t == 49 * 20)
        guard case .overloaded(let reason) = change else { Issue.record("\(change)"); return }
        #expect(reason.hasPrefix("10 % of the media clock's ticks in the last 2 s ran more than 10 ms late (5 of 50; the worst 35 ms late)"))
        #expect(reason.contains("at most 1 % are late for 5 s"))
        #expect(d.isOverloaded)
    }

    /// Three late ticks in a hundred (3 %) is below the 5 % that starts an overload; one
    /// very late tick on its own (a 1 s stall) is not an overload either.
    @Test func fewLateTicksAndOneLongStallAreNotAnOverload() {
        var d = OverloadDetector()
        #expect(Self.run(&d, fromMs: 0, seconds: 30, lateEvery: 34).isEmpty)
        var stall = OverloadDetector()
        #expect(stall.tick(atMs: 0, latenessMs: 1000) == nil)
        #expect(Self.run(&stall, fromMs: 20, seconds: 10).isEmpty)
    }

    /// Hysteresis: at 3 % late (between the 1 % exit and the 5 % entry) an overloaded loop stays
    /// overloaded; once nothing is late it recovers when the window has cleared (2 s) and then
    /// stayed clear for 5 s — not sooner.
    @Test func recoveryNeedsAQuietWindowHeldForTheRecoveryTime() throws {
        var d = OverloadDetector()
        #expect(Self.run(&d, fromMs: 0, seconds: 3, lateEvery: 5).count == 1)
        #expect(Self.run(&d, fromMs: 3000, seconds: 30, lateEvery: 34).isEmpty)
        #expect(d.isOverloaded)
        let changes = Self.run(&d, fromMs: 33_000, seconds: 20)
        #expect(changes.count == 1)
        let (t, change) = try #require(changes.first)
        #expect(change == .recovered)
        // The last two late ticks (32 240 and 32 920 ms) leave the 2 s window by 35 s; from when
        // at most 1 % of the window is late, 5 s more and the loop recovers.
        #expect(t >= 33_000 + 5000 && t <= 35_000 + 5000 + 100)
        #expect(!d.isOverloaded)
    }

    /// A late tick during the recovery time starts the recovery time again.
    @Test func aRelapseDuringRecoveryRestartsIt() throws {
        var d = OverloadDetector()
        _ = Self.run(&d, fromMs: 0, seconds: 3, lateEvery: 2)
        _ = Self.run(&d, fromMs: 3000, seconds: 5)  // 2 s to clear the window, 3 s into recovery
        #expect(d.isOverloaded)
        // Two late ticks in 100: 2 % > 1 %, the calm spell is broken.
        #expect(d.tick(atMs: 8000, latenessMs: 40) == nil)
        #expect(d.tick(atMs: 8020, latenessMs: 40) == nil)
        let changes = Self.run(&d, fromMs: 8040, seconds: 10)
        let t = try #require(changes.first?.0)
        #expect(t >= 8040 + 2000 + 5000 - 100)  // the two late ticks leave the window, then 5 s of calm
    }

    /// The late ticks of a burst leave the window 2 s later.
    @Test func theWindowSlides() {
        var d = OverloadDetector()
        _ = Self.run(&d, fromMs: 0, seconds: 1, lateEvery: 50)
        #expect(d.window.late == 1)
        _ = Self.run(&d, fromMs: 1000, seconds: 2.2)
        #expect(d.window.late == 0 && d.window.ticks <= 105)
    }

    /// The clock stops when its loop has no calls: an overload ends with it, and the window
    /// starts afresh (needing its 50 ticks again).
    @Test func aStoppedClockIsNotOverloaded() {
        var d = OverloadDetector()
        _ = Self.run(&d, fromMs: 0, seconds: 2, lateEvery: 1)
        #expect(d.isOverloaded)
        #expect(d.reset() == .recovered)
        #expect(d.reset() == nil)
        #expect(d.window.ticks == 0)
        var changes = Self.run(&d, fromMs: 10_000, seconds: 0.9, lateEvery: 1)
        #expect(changes.isEmpty)  // 45 ticks: too few to judge
        changes = Self.run(&d, fromMs: 10_900, seconds: 0.2, lateEvery: 1)
        #expect(changes.count == 1)
    }

    /// A tick costs no allocation (the reason is written only on the transition).
    @Test func aTickAllocatesNothing() {
        var d = OverloadDetector()
        _ = Self.run(&d, fromMs: 0, seconds: 3)
        var allocations = 0
        for i in 0..<1000 {
            let t = 3000 + Double(i) * 20
            ivr_malloc_counter_start()
            let change = d.tick(atMs: t, latenessMs: i % 100 == 0 ? 30 : 1)
            allocations += ivr_malloc_counter_stop()
            #expect(change == nil)
        }
        #expect(allocations == 0)
    }
}
