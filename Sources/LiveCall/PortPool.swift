/// RTP ports handed to calls: even ports of a configured range (RTP on the even port, RTCP on
/// the odd one above, RFC 3550 §11), each held by one call at a time. Pure value; the engine
/// keeps it behind its lock.
public struct PortPool: Sendable, Equatable {
    public let range: ClosedRange<Int>
    /// How many calls the range can hold at once.
    public let capacity: Int
    private var free: [Int]

    public init(range: ClosedRange<Int>) {
        self.range = range
        let first = range.lowerBound % 2 == 0 ? range.lowerBound : range.lowerBound + 1
        free = stride(from: first, through: range.upperBound - 1, by: 2).reversed()
        capacity = free.count
    }

    public var available: Int { free.count }

    /// The lowest free even port, or nil when all are taken.
    public mutating func take() -> Int? { free.popLast() }

    /// Gives a port back (ignored when it is not from this range or already free).
    public mutating func give(_ port: Int) {
        guard range.contains(port), port % 2 == 0, !free.contains(port) else { return }
        free.append(port)
        free.sort(by: >)
    }
}
