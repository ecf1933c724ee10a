/// Durations in µs counted into fixed linear buckets (5 µs wide up to 10 ms by default, one
/// overflow bucket): allocated once, recorded without allocating, read as percentiles and as
/// cumulative counts (Prometheus `le` buckets). Bucket `i` holds (i × width, (i + 1) × width].
public struct LatencyHistogram: Sendable, Equatable {
    public let bucketMicros: Double
    private var buckets: [Int]
    public private(set) var count = 0
    public private(set) var maxMicros = 0.0
    public private(set) var sumMicros = 0.0

    /// `bucketMicros` wide buckets covering 0…`rangeMicros`, and one beyond.
    public init(bucketMicros: Double = 5, rangeMicros: Double = 10_000) {
        self.bucketMicros = bucketMicros
        buckets = [Int](repeating: 0, count: Int((rangeMicros / bucketMicros).rounded(.up)) + 1)
    }

    /// From bucket counts read elsewhere (`AtomicLatencyHistogram.snapshot`); the worst duration
    /// is taken as the upper edge of the highest non-empty bucket below the overflow one.
    init(bucketMicros: Double, counts: [Int], sumMicros: Double, maxMicros: Double) {
        self.bucketMicros = bucketMicros
        buckets = counts
        count = counts.reduce(0, +)
        self.sumMicros = sumMicros
        self.maxMicros = maxMicros
    }

    /// The range below the overflow bucket, µs.
    public var rangeMicros: Double { Double(buckets.count - 1) * bucketMicros }

    public mutating func record(micros: Double) {
        guard micros.isFinite, micros >= 0 else { return }
        buckets[Self.index(micros: micros, bucketMicros: bucketMicros, buckets: buckets.count)] += 1
        count += 1
        sumMicros += micros
        if micros > maxMicros { maxMicros = micros }
    }

    static func index(micros: Double, bucketMicros: Double, buckets: Int) -> Int {
        let i = (micros / bucketMicros).rounded(.up) - 1
        return i < 0 ? 0 : i >= Double(buckets - 1) ? buckets - 1 : Int(i)
    }

    /// The upper edge of the bucket holding the `p`-quantile (0…1), µs; 0 when empty.
    public func percentile(_ p: Double) -> Double {
        guard count > 0 else { return 0 }
        let rank = max(1, Int((p * Double(count)).rounded(.up)))
        var seen = 0
        for i in buckets.indices {
            seen += buckets[i]
            if seen >= rank { return i == buckets.count - 1 ? maxMicros : Double(i + 1) * bucketMicros }
        }
        return maxMicros
    }

    /// How many durations were at most `micros` (exact when `micros` is a bucket edge).
    public func count(atMostMicros micros: Double) -> Int {
        guard micros < rangeMicros else { return micros.isInfinite ? count : count - buckets[buckets.count - 1] }
        let edge = Int((micros / bucketMicros + 1e-6).rounded(.down))  // 0.000025 s × 1e6 is 24.999…
        var n = 0
        for i in 0..<min(edge, buckets.count) { n += buckets[i] }
        return n
    }

    /// How many durations took longer than `micros`.
    public func count(above micros: Double) -> Int { count - count(atMostMicros: micros) }

    public mutating func merge(_ other: LatencyHistogram) {
        precondition(other.bucketMicros == bucketMicros && other.buckets.count == buckets.count, "different bucket layouts")
        for i in buckets.indices { buckets[i] += other.buckets[i] }
        count += other.count
        sumMicros += other.sumMicros
        maxMicros = max(maxMicros, other.maxMicros)
    }

    /// What was recorded since `earlier` (a snapshot of the same histogram); the worst duration
    /// stays this histogram's (it cannot be taken apart).
    public func since(_ earlier: LatencyHistogram) -> LatencyHistogram {
        precondition(earlier.bucketMicros == bucketMicros && earlier.buckets.count == buckets.count, "different bucket layouts")
        var out = self
        for i in buckets.indices { out.buckets[i] -= earlier.buckets[i] }
        out.count -= earlier.count
        out.sumMicros -= earlier.sumMicros
        return out
    }
}
