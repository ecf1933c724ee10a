/// Turns received RFC 4733 packets into key presses, each reported once.
///
/// An event is identified by its RTP timestamp (RFC 4733 §2.5.2): the first packet seen with a
/// new timestamp starts a key press (even if its start packets were lost, or it is already an
/// end packet), the first E-bit packet ends it, and the redundant end packets (sent three
/// times, §2.5.1.4), duplicates and older timestamps are ignored. A new timestamp while a press
/// is still open ends the open one first (its end packets were lost). A pure state machine:
/// feed it parsed packets, act on the report.
public struct TelephoneEventReceiver: Sendable {
    /// One key press: its event code, RTP timestamp (its start) and duration so far.
    public struct Press: Sendable, Hashable {
        public var event: UInt8
        public var timestamp: UInt32
        public var duration: UInt16
        /// Whether the press is over (always true in `Report.ended`; true in `Report.started`
        /// when the first packet seen of it was already an end packet).
        public var isEnded: Bool
        public var key: Character? { TelephoneEvent.dtmfKey(event) }
    }

    /// What one packet changed. Every press is reported once in `started`; a press that was
    /// not already over there is reported once more in `ended` (or by `endOpenPress`).
    /// `ended` happened before `started` when both are set.
    public struct Report: Sendable, Hashable {
        /// A press seen earlier that is now over.
        public var ended: Press?
        /// A new press.
        public var started: Press?
        public static let nothing = Report(ended: nil, started: nil)
    }

    private var ssrc: UInt32?
    private var current: Press?
    public private(set) var pressesStarted = 0
    public private(set) var pressesEnded = 0
    /// Packets that changed nothing (updates, redundant ends, duplicates, stale timestamps).
    public private(set) var packetsIgnored = 0

    public init() {}

    /// Feeds one telephone-event packet: its RTP header and payload.
    public mutating func receive(header: RTPHeader, event: TelephoneEvent) -> Report {
        if ssrc != header.ssrc {
            // A new source: whatever was open belongs to a stream that is gone.
            let closed = closeOpen()
            ssrc = header.ssrc
            current = nil
            return Report(ended: closed, started: begin(header: header, event: event))
        }
        guard let open = current else { return Report(ended: nil, started: begin(header: header, event: event)) }
        if header.timestamp == open.timestamp {
            guard !open.isEnded else { packetsIgnored += 1; return .nothing }
            current?.duration = max(open.duration, event.duration)
            if event.isEnd { return Report(ended: closeOpen(), started: nil) }
            packetsIgnored += 1
            return .nothing
        }
        guard RTPSerial.isNewer(header.timestamp, than: open.timestamp) else {
            packetsIgnored += 1  // an older event, already reported or given up
            return .nothing
        }
        let closed = closeOpen()
        return Report(ended: closed, started: begin(header: header, event: event))
    }

    /// Ends an open press whose end packets never came (call when the stream stops or after
    /// a timeout of the caller's choosing); nil when none is open.
    public mutating func endOpenPress() -> Press? { closeOpen() }

    private mutating func closeOpen() -> Press? {
        guard var open = current, !open.isEnded else { return nil }
        open.isEnded = true
        current = open
        pressesEnded += 1
        return open
    }

    private mutating func begin(header: RTPHeader, event: TelephoneEvent) -> Press {
        let press = Press(event: event.event, timestamp: header.timestamp, duration: event.duration, isEnded: event.isEnd)
        current = press
        pressesStarted += 1
        if event.isEnd { pressesEnded += 1 }
        return press
    }
}
