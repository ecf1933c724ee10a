/// Decoded audio waiting to be played into the session, a ring of fixed capacity (allocated once).
struct SampleFIFO {
    private var ring: [Float]
    private var head = 0
    private(set) var count = 0

    init(capacity: Int) { ring = [Float](repeating: 0, count: capacity) }

    var space: Int { ring.count - count }

    /// Appends what `fill` writes into the free space (contiguous part first); `fill` returns how
    /// many samples it wrote.
    mutating func append(upTo n: Int, _ fill: (UnsafeMutableBufferPointer<Float>) -> Int) {
        let tail = (head + count) % ring.count
        let room = min(n, space, ring.count - tail)
        guard room > 0 else { return }
        let written = ring.withUnsafeMutableBufferPointer { fill(UnsafeMutableBufferPointer(rebasing: $0[tail..<tail + room])) }
        count += min(written, room)
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
