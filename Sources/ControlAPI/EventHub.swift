import LiveCall
import Session
import Synchronization

/// Every call's events as they happen, for the live event streams (`GET /v1/calls/{id}/events`,
/// `GET /v1/events`).
///
/// Each call has an append-only log; an event's sequence number is its index there. A subscriber
/// to one call gets the log from a sequence number on, then the live events: the backlog is
/// handed over and the subscriber registered under the same lock that publishing takes, so
/// nothing falls between them and nothing comes twice. A call's streams end after its `hangup`
/// (or when the engine says it ended).
///
/// Publishing runs on the call's event loop: it takes the lock, appends the event (no encoding)
/// and yields it to the subscribers' bounded buffers — never waits for a slow client. A
/// subscriber whose buffer is full is cut off (its stream ends) rather than growing it.
/// Memory is bounded: logs of calls in progress, plus those of the last `endedLogsKept` ended calls.
public final class EventHub: Sendable {
    /// One event of one call, with its place in the call's log.
    public struct Entry: Sendable, Equatable {
        public var callID: String
        public var sequence: Int
        public var event: CallEvent

        public init(callID: String, sequence: Int, event: CallEvent) {
            self.callID = callID
            self.sequence = sequence
            self.event = event
        }
    }

    public let endedLogsKept: Int
    /// Events a subscriber may have waiting beyond its backlog before it is cut off.
    public let subscriberBufferEvents: Int
    private let state = Mutex(State())

    private struct CallLog {
        var events: [CallEvent] = []
        var ended = false
        var subscribers: [Int: AsyncStream<Entry>.Continuation] = [:]
    }

    private struct State {
        var logs: [String: CallLog] = [:]
        /// Ended calls, oldest first: the first to be forgotten.
        var endedOrder: [String] = []
        var allCallsSubscribers: [Int: AsyncStream<Entry>.Continuation] = [:]
        var nextSubscriberID = 0
        /// The server is stopping: every stream has ended and new ones end at once.
        var closed = false
    }

    public init(endedLogsKept: Int = 256, subscriberBufferEvents: Int = 1024) {
        self.endedLogsKept = max(1, endedLogsKept)
        self.subscriberBufferEvents = max(16, subscriberBufferEvents)
    }

    /// Feeds the hub from the engine: every event, and the calls' openings and endings.
    public func attach(to engine: CallEngine) {
        engine.subscribe { [weak self] id, event in self?.publish(callID: id, event) }
        engine.subscribe(lifecycle: { [weak self] change in
            switch change {
            case .opened(let info): self?.open(callID: info.id)
            case .ended(let info, _): self?.end(callID: info.id)
            }
        })
    }

    // MARK: - Publishing (on the call's event loop)

    /// Appends `event` to the call's log and hands it to the call's and the all-calls subscribers.
    public func publish(callID: String, _ event: CallEvent) {
        let cutOff = state.withLock { s -> [AsyncStream<Entry>.Continuation] in
            guard s.logs[callID]?.ended != true else { return [] }
            let entry = Entry(callID: callID, sequence: s.logs[callID, default: CallLog()].events.count, event: event)
            s.logs[callID, default: CallLog()].events.append(event)
            var cutOff = Self.deliver(entry, to: &s.logs[callID, default: CallLog()].subscribers)
            cutOff += Self.deliver(entry, to: &s.allCallsSubscribers)
            if case .hangup = event.kind { cutOff += Self.markEnded(callID, in: &s, keeping: endedLogsKept) }
            return cutOff
        }
        for continuation in cutOff { continuation.finish() }
    }

    /// A call opened: its log exists from now on, so a client may subscribe before its first event.
    public func open(callID: String) {
        state.withLock { s in if s.logs[callID] == nil { s.logs[callID] = CallLog() } }
    }

    /// The call is over (normally after its `hangup`, which already ended its streams).
    public func end(callID: String) {
        let finished = state.withLock { s in Self.markEnded(callID, in: &s, keeping: endedLogsKept) }
        for continuation in finished { continuation.finish() }
    }

    /// Ends every stream, now and from now on (the server is shutting down: an open stream
    /// would keep it waiting).
    public func close() {
        let finished = state.withLock { s -> [AsyncStream<Entry>.Continuation] in
            s.closed = true
            var all = Array(s.allCallsSubscribers.values)
            s.allCallsSubscribers = [:]
            for id in s.logs.keys {
                all += s.logs[id]!.subscribers.values
                s.logs[id]!.subscribers = [:]
            }
            return all
        }
        for continuation in finished { continuation.finish() }
    }

    /// Yields `entry` to each subscriber; those whose buffer is full or who left are removed and
    /// returned, to be finished outside the lock (finishing runs their termination handlers).
    private static func deliver(_ entry: Entry, to subscribers: inout [Int: AsyncStream<Entry>.Continuation])
        -> [AsyncStream<Entry>.Continuation] {
        var removed: [AsyncStream<Entry>.Continuation] = []
        for (id, continuation) in subscribers {
            switch continuation.yield(entry) {
            case .enqueued: continue
            case .dropped, .terminated: fallthrough
            @unknown default:
                subscribers[id] = nil
                removed.append(continuation)
            }
        }
        return removed
    }

    private static func markEnded(_ callID: String, in s: inout State, keeping kept: Int) -> [AsyncStream<Entry>.Continuation] {
        guard s.logs[callID]?.ended != true else { return [] }
        s.logs[callID, default: CallLog()].ended = true
        let finished = Array(s.logs[callID, default: CallLog()].subscribers.values)
        s.logs[callID]?.subscribers = [:]
        s.endedOrder.append(callID)
        if s.endedOrder.count > kept {
            let forgotten = s.endedOrder.count - kept
            for id in s.endedOrder.prefix(forgotten) { s.logs[id] = nil }
            s.endedOrder.removeFirst(forgotten)
        }
        return finished
    }

    // MARK: - Subscribing

    /// The call's events from `sequence` on, then its live events until its hangup; nil when
    /// the hub holds no log of the call (unknown, or ended long ago).
    public func events(callID: String, from sequence: Int = 0) -> AsyncStream<Entry>? {
        let start = max(0, sequence)
        let subscription = state.withLock { s -> (AsyncStream<Entry>, AsyncStream<Entry>.Continuation, Bool)? in
            guard let log = s.logs[callID] else { return nil }
            let backlog = log.events.count > start ? log.events[start...] : []
            let (stream, continuation) = AsyncStream.makeStream(
                of: Entry.self, bufferingPolicy: .bufferingOldest(backlog.count + subscriberBufferEvents))
            for (offset, event) in backlog.enumerated() {
                continuation.yield(Entry(callID: callID, sequence: start + offset, event: event))
            }
            if log.ended || s.closed { return (stream, continuation, true) }
            let id = s.nextSubscriberID
            s.nextSubscriberID += 1
            continuation.onTermination = { [weak self] _ in
                self?.state.withLock { s in _ = s.logs[callID]?.subscribers.removeValue(forKey: id) }
            }
            s.logs[callID]?.subscribers[id] = continuation
            return (stream, continuation, false)
        }
        guard let (stream, continuation, finishNow) = subscription else { return nil }
        if finishNow { continuation.finish() }
        return stream
    }

    /// Every call's events from now on (no backlog); never ends by itself.
    public func allEvents() -> AsyncStream<Entry> {
        let (stream, continuation) = AsyncStream.makeStream(of: Entry.self, bufferingPolicy: .bufferingOldest(subscriberBufferEvents))
        let closed = state.withLock { s -> Bool in
            guard !s.closed else { return true }
            let id = s.nextSubscriberID
            s.nextSubscriberID += 1
            continuation.onTermination = { [weak self] _ in
                self?.state.withLock { s in _ = s.allCallsSubscribers.removeValue(forKey: id) }
            }
            s.allCallsSubscribers[id] = continuation
            return false
        }
        if closed { continuation.finish() }
        return stream
    }

    /// How many calls' logs are held (for tests of the bound).
    public var logCount: Int { state.withLock { $0.logs.count } }
}
