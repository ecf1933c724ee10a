import AudioCore

/// How a test network mistreats a packet stream, as netem does (loss, duplicate, reorder, delay
/// jitter) but without root or `tc`: every decision comes from a seeded generator, so a run
/// impairs the same packets on every machine.
public struct NetworkImpairment: Sendable, Hashable, CustomStringConvertible {
    public var lossRate: Double
    public var duplicateRate: Double
    /// Share of packets held back and sent after the next one.
    public var reorderRate: Double
    /// Each packet waits a uniform 0 ..< `jitterMs` before it is sent on (`ImpairedLink` keeps
    /// the order).
    public var jitterMs: Double
    public var seed: UInt64

    public init(lossRate: Double = 0, duplicateRate: Double = 0, reorderRate: Double = 0, jitterMs: Double = 0, seed: UInt64) {
        self.lossRate = lossRate
        self.duplicateRate = duplicateRate
        self.reorderRate = reorderRate
        self.jitterMs = jitterMs
        self.seed = seed
    }

    public var description: String {
        "loss \(lossRate * 100) %, reorder \(reorderRate * 100) %, duplicates \(duplicateRate * 100) %, "
            + "jitter \(jitterMs) ms, seed \(seed)"
    }
}

/// What happens to one packet.
public enum PacketFate: Sendable, Hashable {
    case drop
    /// Sent on after `delayMs`; `duplicate`: twice; `reorder`: held back and sent after the next
    /// packet that is sent.
    case forward(delayMs: Double, duplicate: Bool, reorder: Bool)
}

/// The fate of each packet in turn. Four draws per packet whatever it decides, so the n-th
/// packet's fate depends only on the seed and n.
public struct ImpairmentPlan {
    public let impairment: NetworkImpairment
    private var random: SplitMix64

    public init(_ impairment: NetworkImpairment) {
        self.impairment = impairment
        random = SplitMix64(seed: impairment.seed)
    }

    public mutating func nextFate() -> PacketFate {
        let loss = unit(), duplicate = unit(), reorder = unit(), delay = unit()
        guard loss >= impairment.lossRate else { return .drop }
        return .forward(delayMs: delay * impairment.jitterMs, duplicate: duplicate < impairment.duplicateRate,
                        reorder: reorder < impairment.reorderRate)
    }

    /// Uniform in [0, 1) from the top 53 bits (not `Double.random(in:using:)`, whose use of the
    /// generator is the standard library's to change).
    private mutating func unit() -> Double { Double(random.next() >> 11) * 0x1.0p-53 }
}
