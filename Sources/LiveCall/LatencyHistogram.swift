/// Durations in µs counted into fixed buckets (5 µs wide up to 10 ms, one overflow bucket):
/// allocated once, recorded without allocating, read as percentiles.
public struct LatencyHistogram: Sendable, Equatable {
    public static let bucketMicros = 5.0
    private var buckets = [Int](repeating: 0, count: 2001)
    public private(set) var count = 0
    public private(set) var maxMicros = 0.0

    public init() {}

    public mutating func record(micros: Double) {
        guard micros.isFinite, micros >= 0 else { return }
        buckets[min(buckets.count - 1, Int(micros / Self.bucketMicros))] += 1
        count += 1
        if micros > maxMicros { maxMicros = micros }
    }

    /// The upper edge of the bucket holding the `p`-quantile (0…1), µs; 0 when empty.
    public func percentile(_ p: Double) -> Double {
        guard count > 0 else { return 0 }
        let rank = max(1, Int((p * Double(count)).rounded(.up)))
        var seen = 0
        for (i, n) in buckets.enumerated() {
            seen += n
            if seen >= rank { return i == buckets.count - 1 ? maxMicros : Double(i + 1) * Self.bucketMicros }
        }
        return maxMicros
    }

    public mutating func merge(_ other: LatencyHistogram) {
        for i in buckets.indices { buckets[i] += other.buckets[i] }
        count += other.count
        maxMicros = max(maxMicros, other.maxMicros)
    }
}
