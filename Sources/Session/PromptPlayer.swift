/// Plays the engine's side of the call, 10 ms at a time: queued prompt audio, or silence.
///
/// A pure value: the session pulls one hop per tick. `stop()` flushes everything queued — a
/// barge-in must not leave stale audio to burst out later (pipecat#3077).
public struct PromptPlayer: Sendable {
    public struct Item: Sendable, Equatable {
        public var id: Int
        public var samples: [Float]
        public init(id: Int, samples: [Float]) {
            self.id = id
            self.samples = samples
        }
    }

    public enum Event: Sendable, Equatable {
        case started(id: Int)
        case finished(id: Int)
    }

    public let hopSamples: Int
    private var queue: [Item] = []
    private var position = 0

    public init(hopSamples: Int) { self.hopSamples = hopSamples }

    /// True while something is playing or queued.
    public var isPlaying: Bool { !queue.isEmpty }

    public mutating func enqueue(_ item: Item) { queue.append(item) }

    /// Drops the playing item and everything queued; returns the ids that were cut off.
    @discardableResult
    public mutating func stop() -> [Int] {
        defer { queue.removeAll(); position = 0 }
        return queue.map(\.id)
    }

    /// Writes the next hop into `out` (silence where nothing plays) and returns what started or
    /// finished in it. An item ending mid-hop is followed by the next one in the same hop.
    public mutating func nextHop(into out: inout [Float]) -> [Event] {
        precondition(out.count == hopSamples)
        var events: [Event] = []
        var written = 0
        while written < hopSamples, let item = queue.first {
            if position == 0 { events.append(.started(id: item.id)) }
            let n = min(hopSamples - written, item.samples.count - position)
            for i in 0..<n { out[written + i] = item.samples[position + i] }
            written += n
            position += n
            if position >= item.samples.count {
                events.append(.finished(id: item.id))
                queue.removeFirst()
                position = 0
            }
        }
        for i in written..<hopSamples { out[i] = 0 }
        return events
    }
}
