/// An adaptive jitter buffer as a pure state machine: packets go in with their arrival time,
/// frames come out when the injected clock says they are due. No clock, socket or allocation
/// inside: slots and delay history are allocated once in `init`.
///
/// Playout: a packet with (unwrapped) timestamp `ts` plays at `ts + offset` on the arrival
/// clock. The first packet of a stream (and of a talk spurt after the buffer ran dry) sets
/// `offset` so that it waits the target delay. The target, as in Asterisk's `jitterbuf.c`, is
/// the spread of recent transit delays (3 % outliers dropped at each end) plus
/// `targetExtraMs`, never more than `maxDelayMs` above the fastest packets.
///
/// Adaptation: when a frame is due and nothing is buffered (the packet is late), the buffer
/// conceals one frame and *waits* for it (the delay grows by one frame, up to `maxDelayMs`);
/// when the delay stays more than `targetExtraMs` above target, one frame is dropped, at most
/// every `shrinkIntervalMs`; a talk spurt that follows a silence (marker bit) is played at the
/// target delay. An SSRC change, or a jump in transit delay beyond `resyncThresholdMs` (plus
/// twice the jitter) confirmed by the next packet or with a continuous sequence number,
/// resynchronizes: what is buffered is flushed and playout restarts at the new packet.
///
/// The buffer takes one payload stream; route RFC 4733 events (which share the sequence
/// numbers) elsewhere. Their sequence numbers then count in `lost` without costing concealment.
public struct JitterBuffer<Payload: Sendable>: Sendable {
    /// One media packet as the buffer needs it. `durationSamples` is the audio it holds in
    /// timestamp units (the decoder knows it from the payload; 10–120 ms).
    public struct Packet: Sendable {
        public var sequenceNumber: UInt16
        public var timestamp: UInt32
        public var ssrc: UInt32
        public var marker: Bool
        public var durationSamples: Int
        public var payload: Payload

        @inlinable public init(sequenceNumber: UInt16, timestamp: UInt32, ssrc: UInt32, marker: Bool = false,
                    durationSamples: Int, payload: Payload) {
            self.sequenceNumber = sequenceNumber
            self.timestamp = timestamp
            self.ssrc = ssrc
            self.marker = marker
            self.durationSamples = durationSamples
            self.payload = payload
        }
    }

    public enum InsertOutcome: Sendable, Hashable {
        case accepted
        /// Accepted as the first packet of a new stream (first packet, SSRC change or jump).
        case resynchronized
        case duplicate
        /// Its playout time has passed.
        case late
        /// The buffer is full.
        case overflow
        /// A possible jump, held back until the next packet confirms it.
        case discontinuous
    }

    public enum PopOutcome: Sendable {
        /// Play this packet now.
        case packet(Packet)
        /// Conceal `durationSamples` now: no packet for the frame at `timestamp`. `next` is
        /// the next buffered packet; when `next.timestamp == timestamp + durationSamples` it
        /// follows the concealed frame directly and may carry its forward error correction
        /// (Opus in-band FEC).
        case lost(timestamp: UInt32, durationSamples: Int, next: Packet?)
        /// Nothing is due (before the next frame's time, in a silence, or no stream).
        case empty
    }

    @usableFromInline struct Entry: Sendable {
        @usableFromInline var seq: Int64
        @usableFromInline var ts: Int64
        @usableFromInline var duration: Int64
        @usableFromInline var packet: Packet
        @inlinable init(seq: Int64, ts: Int64, duration: Int64, packet: Packet) {
            self.seq = seq
            self.ts = ts
            self.duration = duration
            self.packet = packet
        }
    }

    @usableFromInline enum Phase: Sendable { case idle, playing, waiting }

    public let configuration: JitterBufferConfiguration
    /// Counters since the buffer was made.
    @inlinable public var statistics: JitterBufferStatistics { _statistics }
    @usableFromInline var _statistics = JitterBufferStatistics()

    // Conversions (samples of the RTP clock).
    @usableFromInline let rate: Int64
    @usableFromInline let maxDelay: Int64
    @usableFromInline let extra: Int64
    @usableFromInline let resyncThreshold: Int64
    @usableFromInline let maxConcealment: Int64
    @usableFromInline let shrinkInterval: Int64

    // Storage: slot = extended sequence number mod capacity.
    @usableFromInline var slots: [Entry?]
    @usableFromInline var slotSeqs: [Int64]  // extended sequence number per slot, −1 when empty (a cheap scan)
    @usableFromInline var count = 0

    // Stream identity and unwrapping (references move only with accepted packets).
    @usableFromInline var phase = Phase.idle
    @usableFromInline var ssrc: UInt32 = 0
    @usableFromInline var refSeq: UInt16 = 0
    @usableFromInline var refExtSeq: Int64 = 0
    @usableFromInline var refTs: UInt32 = 0
    @usableFromInline var refExtTs: Int64 = 0
    @usableFromInline var highestExtSeq: Int64 = 0
    @usableFromInline var acceptedEnd: Int64 = 0  // end of the latest audio accepted (unwrapped timestamp)
    @usableFromInline var previousSSRC: UInt32?

    // Playout.
    @usableFromInline var nextSeq: Int64 = 0
    @usableFromInline var nextPlayTs: Int64 = 0
    @usableFromInline var offset: Int64 = 0
    @usableFromInline var lastDuration: Int64
    @usableFromInline var concealedRun: Int64 = 0
    @usableFromInline var stretchedAtNext: Int64 = 0  // concealment emitted while waiting for the frame at nextPlayTs
    @usableFromInline var lastShrinkAt: Int64 = .min / 2
    @usableFromInline var playedMask: UInt64 = 0  // bit k: nextSeq − 1 − k was played

    // Transit-delay history (samples) and the target it gives.
    @usableFromInline var history: [Int64]
    @usableFromInline var historyNext = 0
    @usableFromInline var historyCount = 0
    @usableFromInline var lastTransit: Int64 = 0
    @usableFromInline var insertsSinceEstimate = 0
    @usableFromInline var lowTransit: Int64 = 0
    @usableFromInline var highTransit: Int64 = 0

    // A discontinuous packet waiting for confirmation.
    @usableFromInline var candidate: (seq: UInt16, ssrc: UInt32, transit: Int64)?

    @inlinable public init(configuration: JitterBufferConfiguration = JitterBufferConfiguration()) {
        self.configuration = configuration
        rate = Int64(max(1000, min(configuration.clockRateHz, 192_000)))
        maxDelay = Int64(max(1, configuration.maxDelayMs)) * rate / 1000
        extra = Int64(max(0, configuration.targetExtraMs)) * rate / 1000
        resyncThreshold = Int64(max(1, configuration.resyncThresholdMs)) * rate / 1000
        maxConcealment = Int64(max(1, configuration.maxConcealmentMs)) * rate / 1000
        shrinkInterval = Int64(max(0, configuration.shrinkIntervalMs)) * rate / 1000
        lastDuration = rate / 50
        slots = Array(repeating: nil, count: max(4, min(configuration.capacityPackets, 4096)))
        slotSeqs = Array(repeating: -1, count: slots.count)
        history = Array(repeating: 0, count: max(8, min(configuration.historyPackets, 4096)))
    }

    /// Packets held now.
    @inlinable public var bufferedPackets: Int { count }

    /// The delay the buffer aims for, in ms (jitter estimate + target extra, within the maximum).
    @inlinable public var targetDelayMs: Double { Double(targetOffset() - lowTransit) * 1000 / Double(rate) }

    /// The buffering delay the fastest packets get now, in ms.
    @inlinable public var currentDelayMs: Double { phase == .playing ? Double(offset - lowTransit) * 1000 / Double(rate) : 0 }

    /// The jitter estimate (spread of transit delays without outliers), in ms.
    @inlinable public var jitterMs: Double { Double(highTransit - lowTransit) * 1000 / Double(rate) }

    @inlinable func samples(ms: Double) -> Int64 {
        guard ms.isFinite else { return 0 }
        let s = ms * Double(rate) / 1000
        return Int64(max(-9.0e15, min(9.0e15, s)).rounded(.down))
    }

    // MARK: Insert

    @inlinable public mutating func insert(_ packet: Packet, arrivalMs: Double) -> InsertOutcome {
        _statistics.received += 1
        let now = samples(ms: arrivalMs)
        let duration = packet.durationSamples > 0 ? min(Int64(packet.durationSamples), rate / 4) : lastDuration

        if phase == .idle {
            restart(with: packet, duration: duration, now: now)
            return .resynchronized
        }
        if packet.ssrc != ssrc {
            if packet.ssrc == previousSSRC {
                _statistics.late += 1  // a straggler from the stream we switched away from
                return .late
            }
            previousSSRC = ssrc
            _statistics.resyncs += 1
            switchStream(to: packet, duration: duration, now: now)
            return .resynchronized
        }
        let extSeq = refExtSeq + Int64(RTPSerial.distance(from: refSeq, to: packet.sequenceNumber))
        let extTs = refExtTs + Int64(RTPSerial.distance(from: refTs, to: packet.timestamp))
        let transit = now - extTs

        let seqJump = extSeq - highestExtSeq
        let seqDiscontinuous = seqJump > 3000 || seqJump < -100
        let threshold = resyncThreshold + 2 * min(highTransit - lowTransit, maxDelay)
        let tsDiscontinuous = abs(transit - lastTransit) > threshold
        if seqDiscontinuous || tsDiscontinuous {
            // Continuous sequence numbers with a timestamp jump: the sender restarted its clock.
            let confirmed = (!seqDiscontinuous && seqJump == 1)
                || (candidate.map { $0.ssrc == packet.ssrc && packet.sequenceNumber == $0.seq &+ 1
                                    && abs(transit - $0.transit) <= resyncThreshold } ?? false)
            if confirmed {
                _statistics.resyncs += 1
                switchStream(to: packet, duration: duration, now: now)
                return .resynchronized
            }
            candidate = (packet.sequenceNumber, packet.ssrc, transit)
            _statistics.discontinuous += 1
            return .discontinuous
        }
        candidate = nil

        if extSeq < nextSeq {
            let back = nextSeq - 1 - extSeq
            if back < 64, playedMask & (1 << UInt64(back)) != 0 {
                _statistics.duplicates += 1
                return .duplicate
            }
            _statistics.late += 1
            return .late
        }
        let slot = Int(extSeq % Int64(slots.count))
        if slotSeqs[slot] >= 0 {
            if slotSeqs[slot] == extSeq {
                _statistics.duplicates += 1
                return .duplicate
            }
            _statistics.overflow += 1
            return .overflow
        }
        if phase == .playing, extTs + duration <= nextPlayTs, extSeq != nextSeq {
            // Its whole time span has been played or concealed already.
            _statistics.late += 1
            return .late
        }
        accept(packet, extSeq: extSeq, extTs: extTs, duration: duration, transit: transit)
        if phase == .waiting {
            // The sender is back after the buffer ran dry: start playout at this packet.
            if extSeq > nextSeq { _statistics.lost += Int(min(extSeq - nextSeq, Int64(Int32.max))) }
            anchor(extSeq: extSeq, extTs: extTs, transit: transit)
        }
        return .accepted
    }

    /// A new stream (SSRC change) or a new timeline (timestamp jump). With packets still
    /// buffered, the new stream is mapped to continue after them, no earlier than the target
    /// extra from now, so what was buffered still plays; otherwise playout restarts.
    @inlinable mutating func switchStream(to packet: Packet, duration: Int64, now: Int64) {
        candidate = nil
        guard count > 0, phase == .playing else {
            restart(with: packet, duration: duration, now: now)
            return
        }
        ssrc = packet.ssrc
        refSeq = packet.sequenceNumber
        refExtSeq = highestExtSeq + 1
        refTs = packet.timestamp
        refExtTs = max(acceptedEnd, now - offset + extra)
        let transit = now - refExtTs
        lastTransit = transit
        accept(packet, extSeq: refExtSeq, extTs: refExtTs, duration: duration, transit: transit)
    }

    @inlinable mutating func restart(with packet: Packet, duration: Int64, now: Int64) {
        for i in slots.indices where slotSeqs[i] >= 0 {
            slots[i] = nil
            slotSeqs[i] = -1
        }
        _statistics.flushed += count
        count = 0
        historyCount = 0
        historyNext = 0
        insertsSinceEstimate = 0
        candidate = nil
        playedMask = 0
        concealedRun = 0
        ssrc = packet.ssrc
        refSeq = packet.sequenceNumber
        refExtSeq = Int64(packet.sequenceNumber) + (1 << 32)  // room below for reordered packets
        refTs = packet.timestamp
        refExtTs = 1 << 40
        highestExtSeq = refExtSeq
        acceptedEnd = refExtTs
        let transit = now - refExtTs
        lowTransit = transit
        highTransit = transit
        lastTransit = transit
        accept(packet, extSeq: refExtSeq, extTs: refExtTs, duration: duration, transit: transit)
        anchor(extSeq: refExtSeq, extTs: refExtTs, transit: transit)
    }

    @inlinable mutating func accept(_ packet: Packet, extSeq: Int64, extTs: Int64, duration: Int64, transit: Int64) {
        let slot = Int(extSeq % Int64(slots.count))
        if slotSeqs[slot] >= 0 {
            // Only after a stream switch: an old packet a whole ring behind gives way.
            _statistics.flushed += 1
            count -= 1
        }
        slots[slot] = Entry(seq: extSeq, ts: extTs, duration: duration, packet: packet)
        slotSeqs[slot] = extSeq
        count += 1
        _statistics.accepted += 1
        acceptedEnd = max(acceptedEnd, extTs + duration)
        if extSeq > highestExtSeq {
            highestExtSeq = extSeq
        }
        if RTPSerial.isNewer(packet.timestamp, than: refTs) || extSeq == refExtSeq {
            refTs = packet.timestamp
            refExtTs = extTs
        }
        if RTPSerial.isNewer(packet.sequenceNumber, than: refSeq) {
            refSeq = packet.sequenceNumber
            refExtSeq = extSeq
        }
        lastTransit = transit
        history[historyNext] = transit
        historyNext = (historyNext + 1) % history.count
        historyCount = min(historyCount + 1, history.count)
        insertsSinceEstimate += 1
        if insertsSinceEstimate >= 16 || historyCount <= 16 { estimateTransitSpread() }
    }

    @inlinable mutating func anchor(extSeq: Int64, extTs: Int64, transit: Int64) {
        phase = .playing
        nextSeq = extSeq
        nextPlayTs = extTs
        // This packet waits at least the target extra, but no packet waits more than the maximum.
        offset = min(max(targetOffset(), transit + extra), lowTransit + maxDelay)
        concealedRun = 0
        stretchedAtNext = 0
    }

    /// Low and high transit delay with the 3 % outliers at each end dropped (Asterisk
    /// `JB_HISTORY_DROPPCT`).
    @inlinable mutating func estimateTransitSpread() {
        insertsSinceEstimate = 0
        guard historyCount > 0 else { return }
        let drop = min(historyCount * 3 / 100, 7)
        // The (drop+1) smallest and largest, by insertion into two small sorted lists.
        var lows = (Int64.max, Int64.max, Int64.max, Int64.max, Int64.max, Int64.max, Int64.max, Int64.max)
        var highs = (Int64.min, Int64.min, Int64.min, Int64.min, Int64.min, Int64.min, Int64.min, Int64.min)
        withUnsafeMutableBytes(of: &lows) { lowRaw in
            withUnsafeMutableBytes(of: &highs) { highRaw in
                let low = lowRaw.bindMemory(to: Int64.self)
                let high = highRaw.bindMemory(to: Int64.self)
                for i in 0..<historyCount {
                    let v = history[i]
                    if v < low[drop] {
                        var j = drop
                        while j > 0 && low[j - 1] > v { low[j] = low[j - 1]; j -= 1 }
                        low[j] = v
                    }
                    if v > high[drop] {
                        var j = drop
                        while j > 0 && high[j - 1] < v { high[j] = high[j - 1]; j -= 1 }
                        high[j] = v
                    }
                }
                lowTransit = low[drop]
                highTransit = high[drop]
            }
        }
    }

    @inlinable func targetOffset() -> Int64 {
        min(highTransit + extra, lowTransit + maxDelay)
    }
}
