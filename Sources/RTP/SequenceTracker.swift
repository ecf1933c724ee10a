/// Extended sequence numbers and source validation, as RFC 3550 Appendix A.1 (`update_seq`):
/// a source is valid after `minSequential` packets in sequence; a jump of more than
/// `maxDropout` ahead (or `maxMisorder` behind) is a restart only if the next packet follows it.
public struct SequenceTracker: Sendable, Hashable {
    public static let seqMod = 1 << 16
    public let maxDropout: Int
    public let maxMisorder: Int
    public let minSequential: Int

    /// What `update` made of one sequence number.
    public enum Update: Sendable, Hashable {
        /// In the stream (in order, reordered or duplicate): its extended sequence number.
        case accepted(extended: Int64)
        /// Still on probation: not yet counted.
        case probation
        /// A very large jump, held until the next packet confirms it; not counted.
        case jump
        /// The stream restarted at this packet (a confirmed jump); counting restarts here.
        case restarted(extended: Int64)
    }

    public private(set) var maxSeq: UInt16 = 0
    public private(set) var cycles: Int64 = 0
    public private(set) var baseSeq: UInt16 = 0
    /// Packets accepted since the (re)start, duplicates included (A.1 `received`).
    public private(set) var received: Int64 = 0
    private var badSeq = Self.seqMod + 1
    private var probation: Int

    /// - Parameter firstSequence: the first packet's sequence number (A.1 initializes
    ///   `max_seq = seq - 1` and puts the source on probation).
    public init(firstSequence: UInt16, minSequential: Int = 2, maxDropout: Int = 3000, maxMisorder: Int = 100) {
        self.minSequential = max(1, minSequential)
        self.maxDropout = maxDropout
        self.maxMisorder = maxMisorder
        probation = self.minSequential
        maxSeq = firstSequence &- 1
    }

    /// The highest extended sequence number received (A.1 `cycles + max_seq`).
    public var extendedMax: Int64 { cycles + Int64(maxSeq) }

    public var isValid: Bool { probation == 0 }

    private mutating func restart(_ seq: UInt16) {
        baseSeq = seq
        maxSeq = seq
        badSeq = Self.seqMod + 1
        cycles = 0
        received = 0
    }

    public mutating func update(_ seq: UInt16) -> Update {
        let udelta = Int(seq &- maxSeq)
        if probation > 0 {
            if seq == maxSeq &+ 1 {
                probation -= 1
                maxSeq = seq
                if probation == 0 {
                    restart(seq)
                    received += 1
                    return .restarted(extended: extendedMax)
                }
            } else {
                probation = minSequential - 1
                maxSeq = seq
            }
            return .probation
        } else if udelta < maxDropout {
            if seq < maxSeq { cycles += Int64(Self.seqMod) }
            maxSeq = seq
        } else if udelta <= Self.seqMod - maxMisorder {
            if Int(seq) == badSeq {
                restart(seq)
                received += 1
                return .restarted(extended: extendedMax)
            }
            badSeq = (Int(seq) + 1) & (Self.seqMod - 1)
            return .jump
        } else {
            // Duplicate or reordered: placed within ±2¹⁵ of the newest.
            received += 1
            return .accepted(extended: extendedMax + Int64(RTPSerial.distance(from: maxSeq, to: seq)))
        }
        received += 1
        return .accepted(extended: extendedMax)
    }
}
