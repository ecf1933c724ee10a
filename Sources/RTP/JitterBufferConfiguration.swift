/// Settings of a `JitterBuffer`. Defaults follow Asterisk's adaptive jitter buffer
/// (`main/abstract_jb.c`, `main/jitterbuf.c`): max 200 ms, resync threshold 1000 ms, target
/// extra 40 ms, shrink by at most one frame per 500 ms.
public struct JitterBufferConfiguration: Sendable, Hashable {
    /// RTP clock rate of the stream (8000 for G.711, 48000 for Opus, …).
    public var clockRateHz: Int
    /// Longest buffering delay the buffer may grow to (Asterisk `jbmaxsize` 200).
    public var maxDelayMs: Int
    /// Delay kept above the measured jitter (Asterisk `jbtargetextra` 40).
    public var targetExtraMs: Int
    /// A change in transit delay beyond this (plus twice the jitter) is a timestamp jump, and
    /// the buffer resynchronizes (Asterisk `jbresyncthreshold` 1000).
    public var resyncThresholdMs: Int
    /// Consecutive concealment with nothing buffered before the buffer decides the sender went
    /// quiet and waits for the next packet to restart playout (ours: 120 ms; Asterisk bounds
    /// it by `max_contig_interp`).
    public var maxConcealmentMs: Int
    /// Packets the buffer holds at most (slots allocated once, in `init`).
    public var capacityPackets: Int
    /// Transit delays remembered for the jitter estimate (Asterisk keeps 500; 128 is 2.5 s at 20 ms).
    public var historyPackets: Int
    /// Shortest time between two shrink steps (Asterisk: 500 ms).
    public var shrinkIntervalMs: Int

    public init(clockRateHz: Int = 8000, maxDelayMs: Int = 200, targetExtraMs: Int = 40, resyncThresholdMs: Int = 1000,
                maxConcealmentMs: Int = 120, capacityPackets: Int = 64, historyPackets: Int = 128, shrinkIntervalMs: Int = 500) {
        self.clockRateHz = clockRateHz
        self.maxDelayMs = maxDelayMs
        self.targetExtraMs = targetExtraMs
        self.resyncThresholdMs = resyncThresholdMs
        self.maxConcealmentMs = maxConcealmentMs
        self.capacityPackets = capacityPackets
        self.historyPackets = historyPackets
        self.shrinkIntervalMs = shrinkIntervalMs
    }
}

/// Counters of a `JitterBuffer`. Every inserted packet is counted once in `received` and once
/// in exactly one of `accepted`, `duplicates`, `late`, `overflow`, `discontinuous`; every
/// accepted packet ends in exactly one of `played`, `shrinkDropped`, `flushed`, or is still
/// buffered.
public struct JitterBufferStatistics: Sendable, Hashable {
    public var received = 0
    public var accepted = 0
    public var duplicates = 0
    /// Arrived after its playout time had passed.
    public var late = 0
    /// No room: the buffer was full.
    public var overflow = 0
    /// Held back as a possible timestamp/sequence jump not (yet) confirmed by the next packet.
    public var discontinuous = 0
    public var played = 0
    /// Sequence numbers skipped at playout: packets never played (lost or too late).
    public var lost = 0
    /// `.lost` results: frames the decoder had to conceal.
    public var concealed = 0
    /// Packets dropped to shrink the delay towards the target.
    public var shrinkDropped = 0
    /// Packets discarded by a resynchronization (SSRC change or timestamp jump).
    public var flushed = 0
    public var resyncs = 0
    public init() {}
}
