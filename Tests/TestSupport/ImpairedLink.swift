/// One direction of an impaired network as a pure state machine: datagrams go in with their
/// arrival time and come out when `popDue` says they are due, dropped, duplicated, held back or
/// delayed as an `ImpairmentPlan` decides. A proxy only carries it out; tests run it without
/// sockets. Counts exactly what it did.
///
/// The delay never lets a datagram overtake the one before (a FIFO, as netem's delay over a
/// pfifo): a real sender's bursts (ffmpeg's `-re` sends a demuxed block at once) would otherwise
/// come out shuffled. The only reordering is the plan's: a held datagram goes out right behind
/// the next one sent.
public struct ImpairedLink<Datagram> {
    public struct Counts: Sendable, Hashable, CustomStringConvertible {
        /// Datagrams in.
        public var received = 0
        public var dropped = 0
        /// Extra copies sent.
        public var duplicated = 0
        /// Held back and sent after a later datagram.
        public var reordered = 0
        /// Datagrams out, copies included.
        public var sent = 0
        public init() {}

        public var description: String {
            "in \(received), dropped \(dropped), duplicated \(duplicated), reordered \(reordered), out \(sent)"
        }
    }

    private struct Pending {
        var releaseMs: Double
        var datagram: Datagram
    }

    public private(set) var counts = Counts()
    /// Each datagram's fate, in arrival order.
    public private(set) var fates: [PacketFate] = []
    private var plan: ImpairmentPlan
    private var queue: [Pending] = []  // in release order
    private var lastReleaseMs = -Double.infinity
    private var held: (datagram: Datagram, duplicate: Bool)?

    public init(_ impairment: NetworkImpairment) {
        plan = ImpairmentPlan(impairment)
    }

    public mutating func receive(_ datagram: Datagram, nowMs: Double) {
        counts.received += 1
        let fate = plan.nextFate()
        fates.append(fate)
        guard case let .forward(delayMs, duplicate, reorder) = fate else {
            counts.dropped += 1
            return
        }
        if reorder, held == nil {
            held = (datagram, duplicate)
            return
        }
        let releaseMs = nowMs + delayMs
        schedule(datagram, at: releaseMs, duplicate: duplicate)
        if let h = held {
            // Right behind the datagram that overtook it.
            held = nil
            counts.reordered += 1
            schedule(h.datagram, at: releaseMs, duplicate: h.duplicate)
        }
    }

    /// Whether a datagram is held back waiting for a later one.
    public var isHolding: Bool { held != nil }

    /// Sends the held datagram now: no later one came (the stream ended). Not a reorder.
    public mutating func releaseHeld(nowMs: Double) {
        guard let h = held else { return }
        held = nil
        schedule(h.datagram, at: nowMs, duplicate: h.duplicate)
    }

    /// When the next datagram is due, if one is scheduled.
    public var nextReleaseMs: Double? { queue.first?.releaseMs }

    /// The next datagram due at `nowMs`, in release order.
    public mutating func popDue(nowMs: Double) -> Datagram? {
        guard let first = queue.first, first.releaseMs <= nowMs else { return nil }
        queue.removeFirst()
        counts.sent += 1
        return first.datagram
    }

    private mutating func schedule(_ datagram: Datagram, at releaseMs: Double, duplicate: Bool) {
        lastReleaseMs = max(lastReleaseMs, releaseMs)
        for _ in 0..<(duplicate ? 2 : 1) { queue.append(Pending(releaseMs: lastReleaseMs, datagram: datagram)) }
        if duplicate { counts.duplicated += 1 }
    }
}
