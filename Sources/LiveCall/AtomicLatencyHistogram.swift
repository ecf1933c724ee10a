import Synchronization

/// A `LatencyHistogram` that any thread records into without a lock or an allocation — relaxed
/// atomic increments of a fixed table made in `init` — and that is read as a snapshot (the
/// metrics scrape, the benchmarks). Many event loops share one: a hop costs three atomic adds.
///
/// A snapshot taken while hops are being recorded may miss the sum of the last one or two; the
/// buckets and the count always agree (the count is their sum).
public final class AtomicLatencyHistogram: @unchecked Sendable {
    public let bucketMicros: Double
    private let bucketCount: Int
    /// `bucketCount` bucket counters, then the sum in ns and the worst duration in ns.
    private let cells: UnsafeMutablePointer<Atomic<Int>>
    private var sumCell: Int { bucketCount }
    private var maxCell: Int { bucketCount + 1 }

    public init(bucketMicros: Double, rangeMicros: Double) {
        self.bucketMicros = bucketMicros
        bucketCount = Int((rangeMicros / bucketMicros).rounded(.up)) + 1
        cells = .allocate(capacity: bucketCount + 2)
        for i in 0..<(bucketCount + 2) { (cells + i).initialize(to: Atomic(0)) }
    }

    deinit {
        cells.deinitialize(count: bucketCount + 2)
        cells.deallocate()
    }

    /// Counts one duration (ns). No lock, no allocation.
    @inline(__always)
    public func record(nanoseconds ns: UInt64) {
        let micros = Double(ns) / 1000
        cells[LatencyHistogram.index(micros: micros, bucketMicros: bucketMicros, buckets: bucketCount)].add(1, ordering: .relaxed)
        let n = Int(truncatingIfNeeded: ns)
        cells[sumCell].add(n, ordering: .relaxed)
        var worst = cells[maxCell].load(ordering: .relaxed)
        while n > worst {
            let (exchanged, original) = cells[maxCell].compareExchange(expected: worst, desired: n, ordering: .relaxed)
            if exchanged { break }
            worst = original
        }
    }

    /// What has been recorded so far.
    public func snapshot() -> LatencyHistogram {
        var counts = [Int](repeating: 0, count: bucketCount)
        for i in 0..<bucketCount { counts[i] = cells[i].load(ordering: .relaxed) }
        return LatencyHistogram(bucketMicros: bucketMicros, counts: counts,
                                sumMicros: Double(cells[sumCell].load(ordering: .relaxed)) / 1000,
                                maxMicros: Double(cells[maxCell].load(ordering: .relaxed)) / 1000)
    }
}
