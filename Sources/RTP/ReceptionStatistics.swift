/// What a receiver knows about one source, for RTCP reception reports (RFC 3550 §6.4.1):
/// expected and received packets and loss (Appendix A.3, sequence validation of A.1),
/// interarrival jitter (A.8), duplicates and packets that arrived after a later one.
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

    /// - Parameter minSequential: packets in sequence before the source counts as valid
    ///   (A.1 uses 2; the packets before that are not counted).
    public init(ssrc: UInt32, clockRateHz: Int, firstSequenceNumber: UInt16, minSequential: Int = 2) {
        self.ssrc = ssrc
        self.clockRateHz = max(1, clockRateHz)
        sequence = SequenceTracker(firstSequence: firstSequenceNumber, minSequential: minSequential)
    }

    /// Records one packet of this source.
    @discardableResult
    public mutating func record(sequenceNumber: UInt16, timestamp: UInt32, arrivalMs: Double) -> SequenceTracker.Update {
        let previousMax = sequence.extendedMax
        let update = sequence.update(sequenceNumber)
        switch update {
        case .probation, .jump:
            return update
        case .restarted:
            expectedPrior = 0
            receivedPrior = 0
            seenMask = 1
            lastTransit = nil
            jitter = 0
        case let .accepted(extended):
            if extended > previousMax {
                let shift = extended - previousMax
                seenMask = shift >= 64 ? 1 : (seenMask << UInt64(shift)) | 1
            } else {
                let back = previousMax - extended
                if back < 64, seenMask & (1 << UInt64(back)) != 0 {
                    duplicates += 1
                } else {
                    late += 1
                    if back < 64 { seenMask |= 1 << UInt64(back) }
                }
            }
        }
        // A.8: transit in timestamp units; the first packet only sets the reference.
        guard arrivalMs.isFinite else { return update }
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
    public var jitterMs: Double { jitter * 1000 / Double(clockRateHz) }

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
