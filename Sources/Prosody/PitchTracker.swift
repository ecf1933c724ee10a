import Foundation

/// Streaming F0 tracker with a voicing decision, fed one 10 ms hop at a time.
///
/// Per frame it computes Praat's normalised autocorrelation through the FFT (`PitchFrameAnalyzer`)
/// and chooses among the candidates with a fixed-lag path search (`PitchPathFinder`) that guards
/// against octave jumps. Estimate k describes the frame centred at (k + 0.5) × 10 ms from the
/// start of the stream; it is emitted `latencyHops` hops after hop k was fed (or at `flush`).
///
/// Threading: one instance per stream, used from one thread at a time. `process` does not
/// allocate (given `out` has capacity), lock, log or wait.
public final class PitchTracker {
    public let config: PitchTrackerConfig
    /// Hops between feeding hop k and receiving estimate k: half the analysis window ahead,
    /// plus the path search's lookahead.
    public var latencyHops: Int { analysisDelayHops + config.pathLookaheadHops }

    private let hopSamples: Int
    /// Hops of signal after a frame's own hop that its window reaches into.
    private let analysisDelayHops: Int
    private let analyzer: PitchFrameAnalyzer
    private let pathFinder: PitchPathFinder
    private let candidates: PitchCandidates
    /// The most recent `history.count` samples, oldest first (zeros before the stream began).
    private let history: UnsafeMutableBufferPointer<Float>
    /// Offset in `history` of the window of the frame analysed after the latest hop.
    private let windowOffset: Int
    private let initialPeakReference: Float
    private let peakDecayPerHop: Float
    private var peakReference: Float
    private var hopsFed = 0

    public init(config: PitchTrackerConfig) throws {
        self.config = try config.validated()
        hopSamples = config.hopSamples
        analyzer = try PitchFrameAnalyzer(config: config)
        pathFinder = PitchPathFinder(config: config)
        candidates = PitchCandidates(capacity: config.maxCandidates)
        let windowLength = analyzer.windowLength
        // Frame k's window is centred on sample (k + 0.5)·H: it spans [kH + (H − W)/2, … + W).
        // It is complete once hop k + D has arrived, D = ⌈(W − H)/(2H)⌉.
        analysisDelayHops = max(0, Int((Double(windowLength - hopSamples) / Double(2 * hopSamples)).rounded(.up)))
        let windowEnd = (analysisDelayHops + 1) * hopSamples - (hopSamples + windowLength) / 2 // samples after the window
        history = .allocate(capacity: windowLength + windowEnd)
        history.initialize(repeating: 0)
        windowOffset = history.count - windowEnd - windowLength
        initialPeakReference = pow(10, config.initialPeakReferenceDBFS / 20)
        peakDecayPerHop = pow(10, -config.peakReferenceDecayDBPerSec * 0.01 / 20)
        peakReference = initialPeakReference
    }

    deinit { history.deallocate() }

    /// Feed exactly one 10 ms hop (`sampleRateHz / 100` samples). Appends the estimates that
    /// became final, in order.
    public func process(hop: UnsafeBufferPointer<Float>, into out: inout [PitchEstimate]) {
        precondition(hop.count == hopSamples, "PitchTracker.process needs exactly \(hopSamples) samples per hop, got \(hop.count)")
        append(hop.baseAddress!)
        hopsFed += 1
        if hopsFed > analysisDelayHops { analyzeNewestFrame(into: &out) }
    }

    /// End of stream: emits every remaining estimate (the total equals the hops fed) and resets
    /// the tracker for a new stream.
    public func flush(into out: inout [PitchEstimate]) {
        // The last frames' windows reach past the end of the stream: they see zeros there.
        for z in 1...max(1, analysisDelayHops) where analysisDelayHops > 0 {
            append(nil)
            if hopsFed + z - 1 - analysisDelayHops >= 0 { analyzeNewestFrame(into: &out) }
        }
        pathFinder.flush(into: &out)
        reset()
    }

    /// Clears all state: the next hop starts a new stream at t = 0.
    public func reset() {
        history.update(repeating: 0)
        pathFinder.reset()
        peakReference = initialPeakReference
        hopsFed = 0
    }

    private func append(_ hop: UnsafePointer<Float>?) {
        let keep = history.count - hopSamples
        let base = history.baseAddress!
        base.update(from: base + hopSamples, count: keep)
        if let hop {
            (base + keep).update(from: hop, count: hopSamples)
        } else {
            (base + keep).update(repeating: 0, count: hopSamples)
        }
    }

    private func analyzeNewestFrame(into out: inout [PitchEstimate]) {
        analyze(window: UnsafePointer(history.baseAddress! + windowOffset), into: &out)
    }

    private func analyze(window: UnsafePointer<Float>, into out: inout [PitchEstimate]) {
        let peak = analyzer.localPeak(window)
        peakReference = max(peakReference * peakDecayPerHop, peak, 1e-9)
        let strongest = analyzer.analyze(window, peakRatio: peak / peakReference, into: candidates)
        pathFinder.push(candidates, periodicity: strongest, into: &out)
    }
}

extension PitchTracker {
    /// Tracks a whole signal: one estimate per full 10 ms hop (a trailing partial hop is dropped).
    public static func track(samples: [Float], config: PitchTrackerConfig) throws -> [PitchEstimate] {
        let tracker = try PitchTracker(config: config)
        let hop = config.hopSamples
        var out: [PitchEstimate] = []
        out.reserveCapacity(samples.count / hop + 1)
        samples.withUnsafeBufferPointer { all in
            var start = 0
            while start + hop <= all.count {
                tracker.process(hop: UnsafeBufferPointer(rebasing: all[start..<(start + hop)]), into: &out)
                start += hop
            }
        }
        tracker.flush(into: &out)
        return out
    }
}
