import NIOCore

/// The one 20 ms clock of an event loop: every call on the loop is ticked from it, in turn, at
/// absolute deadlines (start + n × 20 ms, so the pace does not drift), rather than a timer per
/// call. A tick that runs late is counted by the calls (late output packets), timed into the
/// engine's `MediaTimings`, and fed to the loop's `OverloadDetector`, whose transitions go to
/// `onOverload` (the engine refuses new calls while any loop is overloaded).
final class MediaClock: @unchecked Sendable {
    static let frameMs = 20.0
    let loop: any EventLoop
    private var calls: [LiveCall] = []
    private var startNs: UInt64 = 0
    private var frame: UInt64 = 0
    private var scheduled: Scheduled<Void>?
    private let timings: MediaTimings
    private var overload: OverloadDetector
    private let onEnded: @Sendable (LiveCall) -> Void
    private let onOverload: @Sendable (OverloadDetector.Transition) -> Void

    init(loop: any EventLoop, timings: MediaTimings, overload: OverloadDetector.Configuration,
         onEnded: @escaping @Sendable (LiveCall) -> Void, onOverload: @escaping @Sendable (OverloadDetector.Transition) -> Void) {
        self.loop = loop
        self.timings = timings
        self.overload = OverloadDetector(configuration: overload)
        self.onEnded = onEnded
        self.onOverload = onOverload
    }

    /// Adds a call (on `loop`); the clock starts with its first call and stops with its last.
    func add(_ call: LiveCall) {
        loop.preconditionInEventLoop()
        calls.append(call)
        if scheduled == nil {
            startNs = NIODeadline.now().uptimeNanoseconds
            frame = 0
            schedule()
        }
    }

    var count: Int { calls.count }

    private func schedule() {
        frame += 1
        let due = NIODeadline.uptimeNanoseconds(startNs + frame * UInt64(Self.frameMs * 1_000_000))
        scheduled = loop.scheduleTask(deadline: due) { [self] in tick(due: due) }
    }

    private func tick(due: NIODeadline) {
        let now = NIODeadline.now()
        let nowMs = Double(now.uptimeNanoseconds) / 1_000_000
        let lateMs = Double(Int64(now.uptimeNanoseconds) - Int64(due.uptimeNanoseconds)) / 1_000_000
        timings.tickLateness.record(nanoseconds: now.uptimeNanoseconds &- min(now.uptimeNanoseconds, due.uptimeNanoseconds))
        if let change = overload.tick(atMs: nowMs, latenessMs: lateMs) { onOverload(change) }
        var i = 0
        while i < calls.count {
            calls[i].tick(nowMs: nowMs, lateMs: lateMs, timings: timings)
            if calls[i].ended {
                onEnded(calls.remove(at: i))
            } else {
                i += 1
            }
        }
        if calls.isEmpty {
            scheduled = nil
            if let change = overload.reset() { onOverload(change) }  // nothing left to fall behind
        } else {
            schedule()
        }
    }
}
