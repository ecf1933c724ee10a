import Foundation

/// Chooses one candidate per frame by dynamic programming (Praat's path finder), decided with a
/// fixed lag: frame t becomes final once frame t + `lagFrames` is in, by tracing back from the
/// best path ending there. Costs per frame pair: an octave-jump cost proportional to |log2 f1/f2|
/// and a voiced↔unvoiced cost; each voiced candidate also scores its strength minus an octave
/// cost that favours higher candidates (against sub-harmonic picks).
///
/// All storage is a ring of `lagFrames + 1` frames allocated in `init`.
final class PitchPathFinder {
    private let lagFrames: Int
    private let slots: Int
    private let width: Int
    private let maxF0Hz: Float
    private let octaveCostPerOctave: Float
    private let octaveJumpCostPerOctave: Float
    private let voicedUnvoicedCost: Float

    private let frequencies: UnsafeMutableBufferPointer<Float>
    private let strengths: UnsafeMutableBufferPointer<Float>
    private let scores: UnsafeMutableBufferPointer<Float>
    private let backPointers: UnsafeMutableBufferPointer<Int32>
    private let counts: UnsafeMutableBufferPointer<Int>
    private let periodicities: UnsafeMutableBufferPointer<Float>
    private let path: UnsafeMutableBufferPointer<Int32>

    /// Frames pushed since the last reset, and frames already emitted.
    private var pushed = 0
    private var emitted = 0

    init(config: PitchTrackerConfig) {
        lagFrames = config.pathLookaheadHops
        slots = config.pathLookaheadHops + 1
        width = config.maxCandidates
        maxF0Hz = config.maxF0Hz
        octaveCostPerOctave = config.octaveCostPerOctave
        octaveJumpCostPerOctave = config.octaveJumpCostPerOctave
        voicedUnvoicedCost = config.voicedUnvoicedCost
        frequencies = .allocate(capacity: slots * width)
        strengths = .allocate(capacity: slots * width)
        scores = .allocate(capacity: slots * width)
        backPointers = .allocate(capacity: slots * width)
        counts = .allocate(capacity: slots)
        periodicities = .allocate(capacity: slots)
        path = .allocate(capacity: slots)
        for buffer in [frequencies, strengths, scores, periodicities] { buffer.initialize(repeating: 0) }
        backPointers.initialize(repeating: 0)
        counts.initialize(repeating: 0)
        path.initialize(repeating: 0)
    }

    deinit {
        for buffer in [frequencies, strengths, scores, periodicities] { buffer.deallocate() }
        backPointers.deallocate()
        counts.deallocate()
        path.deallocate()
    }

    func reset() {
        pushed = 0
        emitted = 0
    }

    /// Adds the next frame; appends the estimate that became final, if any.
    func push(_ candidates: PitchCandidates, periodicity: Float, into out: inout [PitchEstimate]) {
        let slot = pushed % slots
        let base = slot * width
        let n = candidates.count
        counts[slot] = n
        periodicities[slot] = periodicity
        for j in 0..<n {
            frequencies[base + j] = candidates.frequencies[j]
            strengths[base + j] = candidates.strengths[j]
        }
        score(slot: slot)
        pushed += 1
        if pushed > lagFrames { emitDecided(upTo: pushed - 1 - lagFrames, into: &out) }
    }

    /// End of stream: appends every frame not yet emitted, along the best complete path.
    func flush(into out: inout [PitchEstimate]) {
        if pushed > emitted { emitDecided(upTo: pushed - 1, into: &out) }
        reset()
    }

    @inline(__always)
    private func localScore(_ index: Int) -> Float {
        let f = frequencies[index]
        guard f > 0 else { return strengths[index] }
        return strengths[index] - octaveCostPerOctave * log2(maxF0Hz / f)
    }

    private func score(slot: Int) {
        let base = slot * width
        let n = counts[slot]
        guard pushed > 0 else {
            for j in 0..<n { scores[base + j] = localScore(base + j); backPointers[base + j] = 0 }
            return
        }
        let prevSlot = (pushed - 1) % slots
        let prevBase = prevSlot * width
        let prevCount = counts[prevSlot]
        var top = -Float.greatestFiniteMagnitude
        for j in 0..<n {
            let f = frequencies[base + j]
            var bestValue = -Float.greatestFiniteMagnitude
            var bestIndex: Int32 = 0
            for i in 0..<prevCount {
                let g = frequencies[prevBase + i]
                let cost: Float
                switch (g > 0, f > 0) {
                case (false, false): cost = 0
                case (true, true): cost = octaveJumpCostPerOctave * abs(log2(f / g))
                default: cost = voicedUnvoicedCost
                }
                let value = scores[prevBase + i] - cost
                if value > bestValue { bestValue = value; bestIndex = Int32(i) }
            }
            let s = bestValue + localScore(base + j)
            scores[base + j] = s
            backPointers[base + j] = bestIndex
            top = max(top, s)
        }
        // Keep the running sums near zero so Float precision never degrades over a long call.
        for j in 0..<n { scores[base + j] -= top }
    }

    /// Traces back from the best candidate of the newest frame and emits frames
    /// `emitted…lastFrame` in order.
    private func emitDecided(upTo lastFrame: Int, into out: inout [PitchEstimate]) {
        let newest = pushed - 1
        var slot = newest % slots
        var choice = 0
        for j in 1..<max(1, counts[slot]) where scores[slot * width + j] > scores[slot * width + choice] {
            choice = j
        }
        var frame = newest
        while frame >= emitted {
            slot = frame % slots
            if frame <= lastFrame { path[slot] = Int32(choice) }
            choice = Int(backPointers[slot * width + choice])
            frame -= 1
        }
        while emitted <= lastFrame {
            slot = emitted % slots
            let index = slot * width + Int(path[slot])
            let f = frequencies[index]
            out.append(PitchEstimate(f0Hz: f, voiced: f > 0, periodicity: min(1, max(0, periodicities[slot]))))
            emitted += 1
        }
    }
}
