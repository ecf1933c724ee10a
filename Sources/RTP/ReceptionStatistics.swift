/// What a receiver knows about one source, for RTCP reception reports (RFC 3550 §6.4.1):
/// expected and received packets and loss (Appendix A.3, sequence validation of A.1),
/// interarrival jitter (A.8), duplicates and packets that arrived after a later one; and, apart
/// from RTCP, the packets the network really lost (A.3 counts duplicates as received, so there a
/// duplicate hides a loss).
///
/// One value per SSRC; arrival time is injected (milliseconds on any monotonic clock).
public struct ReceptionStatistics: Sendable, Hashable {
    public let ssrc: UInt32
    public let clockRateHz: Int
    private var sequence: SequenceTracker
    private var expectedPrior: Int64 = 0
    private var receivedPrior: Int64 = 0
    private var lastTransit: Double?
    /// Interarrival jitter in timestamp units (A.8: J += (|D| − J) / 16).
    public private(set) var jitter: Double = 0
    /// Packets received again (same extended sequence number, within the last 64).
    public private(set) var duplicates: Int64 = 0
    /// Packets that arrived after a packet with a higher sequence number (reordered or late).
    public private(set) var late: Int64 = 0
    private var seenMask: UInt64 = 0  // bit k: extendedMax − k was received
    // For `neverReceived`: distinct packets since the count (re)started, and the lowest of them.
    private var distinct: Int64 = 0
    private var lowest: Int64 = 0
    // The packets heard while the source was on probation (A.1 does not count them): bit k is
    // sequence number `probationBase` − 32 + k, so that the losses among them count once it is valid.
    private var probationBase: UInt16?
    private var probationSeen: UInt64 = 0

    /// - Parameter minSequential: packets in sequence before the source counts as valid
    ///   (A.1 uses 2; the packets before that are not counted).
    public init(ssrc: UInt32, clockRateHz: Int, firstSequenceNumber: UInt16, minSequential: Int = 2) {
        self.ssrc = ssrc
        self.clockRateHz = max(1, clockRateHz)
        sequence = SequenceTracker(firstSequence: firstSequenceNumber, minSequential: minSequential)
    }

    /// Records one packet of this source. `timestamp` nil: its timestamp is not when it was
    /// sampled (an RFC 4733 event keeps its start's), so it is counted but not in the jitter.
    @discardableResult
    public mutating func record(sequenceNumber: UInt16, timestamp: UInt32?, arrivalMs: Double) -> SequenceTracker.Update {
        let previousMax = sequence.extendedMax
        let wasValid = sequence.isValid
        let update = sequence.update(sequenceNumber)
        switch update {
        case .probation:
            rememberOnProbation(sequenceNumber)
            return update
        case .jump:
            return update
        case let .restarted(extended):
            expectedPrior = 0
            receivedPrior = 0
            lastTransit = nil
            jitter = 0
            // The packets that made the source valid came just before, in sequence: the rest of
            // A.1's probation run, or the jump this packet confirmed.
            let before = Int64(min(63, wasValid ? 1 : sequence.minSequential - 1))
            seenMask = (1 << UInt64(before + 1)) - 1
            distinct = before + 1
            lowest = extended - before
            if !wasValid { countProbation(validatedAt: sequenceNumber, extended: extended) }
        case let .accepted(extended):
            if extended > previousMax {
                let shift = extended - previousMax
                seenMask = shift >= 64 ? 1 : (seenMask << UInt64(shift)) | 1
                distinct += 1
            } else {
                let back = previousMax - extended
                if back < 64, seenMask & (1 << UInt64(back)) != 0 {
                    duplicates += 1
                } else {
                    late += 1
                    if back < 64 { seenMask |= 1 << UInt64(back) }
                    distinct += 1
                    lowest = min(lowest, extended)
                }
            }
        }
        // A.8: transit in timestamp units; the first packet only sets the reference.
        guard let timestamp, arrivalMs.isFinite else { return update }
        let arrival = arrivalMs * Double(clockRateHz) / 1000
        let transit = arrival - Double(timestamp)
        if let last = lastTransit {
            var d = transit - last
            // Timestamps wrap: take the difference modulo 2³².
            if d > 2_147_483_648 { d -= 4_294_967_296 } else if d < -2_147_483_648 { d += 4_294_967_296 }
            jitter += (abs(d) - jitter) / 16
        }
        lastTransit = transit
        return update
    }

    public var isValid: Bool { sequence.isValid }
    public var extendedHighestSequence: Int64 { sequence.extendedMax }
    /// A.3: `extended_max − base_seq + 1`.
    public var expected: Int64 { sequence.isValid ? sequence.extendedMax - Int64(sequence.baseSeq) + 1 : 0 }
    /// Packets received (duplicates included, as A.3 counts them).
    public var received: Int64 { sequence.received }
    /// A.3: expected − received (negative when duplicates outnumber losses).
    public var cumulativeLost: Int64 { expected - received }
    /// What the network lost: sequence numbers between the lowest and the highest received that
    /// never arrived. Unlike A.3's `cumulativeLost` (which RTCP reports keep), a duplicate does
    /// not hide a loss, and packets reordered before the source was valid count. A duplicate
    /// more than 64 packets behind the newest is taken for a late packet.
    public var neverReceived: Int64 { sequence.isValid ? max(0, sequence.extendedMax - lowest + 1 - distinct) : 0 }
    public var jitterMs: Double { jitter * 1000 / Double(clockRateHz) }

    private mutating func rememberOnProbation(_ seq: UInt16) {
        let base = probationBase ?? seq
        probationBase = base
        let k = Int(Int16(bitPattern: seq &- base)) + 32
        if (0..<64).contains(k) { probationSeen |= 1 << UInt64(k) }
    }

    /// The source became valid with `seq`: the packets heard on probation before the run that
    /// validated it (reordered, or cut off by a loss) are received packets too, and the gaps
    /// between them and the run are losses.
    private mutating func countProbation(validatedAt seq: UInt16, extended: Int64) {
        defer { probationBase = nil; probationSeen = 0 }
        guard let base = probationBase else { return }
        let run = extended - lowest  // how far back the validating run reaches
        for k in 0..<64 where probationSeen & (1 << UInt64(k)) != 0 {
            let heard = base &+ UInt16(truncatingIfNeeded: k - 32)
            let back = Int64(Int16(bitPattern: seq &- heard))
            // Already counted: the validating run itself; out of reach: not this stream's start.
            guard back > run, back < 64 else { continue }
            guard seenMask & (1 << UInt64(back)) == 0 else { continue }
            seenMask |= 1 << UInt64(back)
            distinct += 1
            lowest = min(lowest, extended - back)
        }
    }

    /// The loss fraction since the previous call, in 1/256 units (A.3), and starts a new interval.
    public mutating func takeFractionLost() -> UInt8 {
        let expectedInterval = expected - expectedPrior
        let receivedInterval = received - receivedPrior
        expectedPrior = expected
        receivedPrior = received
        let lostInterval = expectedInterval - receivedInterval
        guard expectedInterval > 0, lostInterval > 0 else { return 0 }
        return UInt8(min(255, (lostInterval << 8) / expectedInterval))
    }

    /// A report block for this source; starts a new loss interval.
    public mutating func makeReportBlock(lastSenderReport: UInt32 = 0, delaySinceLastSenderReport: UInt32 = 0) -> RTCPReportBlock {
        let fraction = takeFractionLost()
        return RTCPReportBlock(ssrc: ssrc, fractionLost: fraction,
                               cumulativeLost: Int32(clamping: cumulativeLost),
                               extendedHighestSequence: UInt32(truncatingIfNeeded: sequence.extendedMax),
                               jitter: jitter.isFinite ? UInt32(min(jitter, Double(UInt32.max)).rounded(.down)) : 0,
                               lastSenderReport: lastSenderReport, delaySinceLastSenderReport: delaySinceLastSenderReport)
    }
}
