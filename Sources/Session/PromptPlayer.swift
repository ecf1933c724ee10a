/// Plays the engine's side of the call, 10 ms at a time: queued prompt audio, or silence.
///
/// A pure value: the session pulls one hop per tick. An item whose audio is still being rendered
/// holds its place in the queue (silence plays until it arrives, nothing behind it jumps ahead).
/// `stop()` flushes everything queued — a barge-in must not leave stale audio to burst out later
/// (pipecat#3077).
public struct PromptPlayer: Sendable {
    public struct Item: Sendable, Equatable {
        public var id: Int
        /// nil while the line is being rendered.
        public var samples: [Float]?
        public init(id: Int, samples: [Float]?) {
            self.id = id
            self.samples = samples
        }
    }

    /// What happened in a hop: whether an item started and how many finished.
    public struct HopReport: Sendable, Equatable {
        public var started = false
        public var finished = 0
        public init(started: Bool = false, finished: Int = 0) {
            self.started = started
            self.finished = finished
        }
    }

    public let hopSamples: Int
    private var queue: [Item] = []
    private var head = 0
    private var position = 0

    public init(hopSamples: Int) {
        self.hopSamples = hopSamples
        queue.reserveCapacity(16)
    }

    /// True while something is playing, queued or being rendered.
    public var isPlaying: Bool { head < queue.count }

    /// True while audio is coming out (not waiting for a render).
    public var isAudible: Bool { head < queue.count && queue[head].samples != nil }

    public mutating func enqueue(_ item: Item) { queue.append(item) }

    /// Gives a queued item its rendered audio; false when it is no longer queued (stopped).
    @discardableResult
    public mutating func fill(id: Int, samples: [Float]) -> Bool {
        guard let i = queue[head...].firstIndex(where: { $0.id == id }) else { return false }
        queue[i].samples = samples
        return true
    }

    /// Drops the playing item and everything queued; returns the ids that were cut off.
    @discardableResult
    public mutating func stop() -> [Int] {
        defer { queue.removeAll(keepingCapacity: true); head = 0; position = 0 }
        return queue[head...].map(\.id)
    }

    /// Writes the next hop into `out` (silence where nothing plays). An item ending mid-hop is
    /// followed by the next one in the same hop. Does not allocate.
    public mutating func nextHop(into out: UnsafeMutableBufferPointer<Float>) -> HopReport {
        precondition(out.count == hopSamples)
        var report = HopReport()
        var written = 0
        while written < hopSamples, head < queue.count, let samples = queue[head].samples {
            if position == 0 { report.started = true }
            let n = min(hopSamples - written, samples.count - position)
            samples.withUnsafeBufferPointer { src in
                for i in 0..<n { out[written + i] = src[position + i] }
            }
            written += n
            position += n
            if position >= samples.count {
                report.finished += 1
                head += 1
                position = 0
            }
        }
        for i in written..<hopSamples { out[i] = 0 }
        if head == queue.count, head > 0 {
            queue.removeAll(keepingCapacity: true)
            head = 0
        }
        return report
    }
}
