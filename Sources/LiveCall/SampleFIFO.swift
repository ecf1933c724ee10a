import Session

/// Decoded audio waiting to be played into the session, a ring of fixed capacity (allocated
/// once), each sample marked with whether the decoder concealed it (made it up for a loss).
struct SampleFIFO {
    private var ring: [Float]
    private var concealed: [Bool]
    private var head = 0
    private(set) var count = 0

    init(capacity: Int) {
        ring = [Float](repeating: 0, count: capacity)
        concealed = [Bool](repeating: false, count: capacity)
    }

    var space: Int { ring.count - count }

    /// Appends as much of `samples` as there is space for; returns how many were taken.
    @discardableResult
    mutating func append(_ samples: UnsafeBufferPointer<Float>, concealed isConcealed: Bool = false) -> Int {
        let n = min(samples.count, space)
        let tail = (head + count) % ring.count
        for i in 0..<n {
            ring[(tail + i) % ring.count] = samples[i]
            concealed[(tail + i) % ring.count] = isConcealed
        }
        count += n
        return n
    }

    /// Moves `out.count` samples out: `.concealed` when any of them was, `.nothing` (nothing
    /// moved) when fewer are held.
    mutating func read(into out: UnsafeMutableBufferPointer<Float>) -> CallerHop {
        guard count >= out.count else { return .nothing }
        var anyConcealed = false
        for i in 0..<out.count {
            out[i] = ring[(head + i) % ring.count]
            anyConcealed = anyConcealed || concealed[(head + i) % ring.count]
        }
        head = (head + out.count) % ring.count
        count -= out.count
        return anyConcealed ? .concealed : .heard
    }

    mutating func removeAll() { head = 0; count = 0 }
}
