/// Decoded audio waiting to be played into the session, a ring of fixed capacity (allocated once).
struct SampleFIFO {
    private var ring: [Float]
    private var head = 0
    private(set) var count = 0

    init(capacity: Int) { ring = [Float](repeating: 0, count: capacity) }

    var space: Int { ring.count - count }

    /// Appends as much of `samples` as there is space for; returns how many were taken.
    @discardableResult
    mutating func append(_ samples: UnsafeBufferPointer<Float>) -> Int {
        let n = min(samples.count, space)
        let tail = (head + count) % ring.count
        for i in 0..<n { ring[(tail + i) % ring.count] = samples[i] }
        count += n
        return n
    }

    /// Moves `out.count` samples out; false (nothing moved) when fewer are held.
    mutating func read(into out: UnsafeMutableBufferPointer<Float>) -> Bool {
        guard count >= out.count else { return false }
        for i in 0..<out.count { out[i] = ring[(head + i) % ring.count] }
        head = (head + out.count) % ring.count
        count -= out.count
        return true
    }

    mutating func removeAll() { head = 0; count = 0 }
}
