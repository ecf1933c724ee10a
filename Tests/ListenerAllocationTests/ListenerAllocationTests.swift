import Analysis
import AudioCore
import Foundation
import MallocCounter
import Testing
import TestSupport

/// Real read speech at `rate`: several codec2-examples speakers, each clip followed by 1.5 s of
/// quiet line noise, so the stream holds several turns that start and end.
func speechCall(rate: PipelineRate) throws -> [Float] {
    let names = ["hts1a.wav", "morig.wav", "forig.wav", "mmt1.wav", "vk5qi.wav"]
    var out: [Float] = []
    var noise = SeededNoise(seed: 7)
    for name in names {
        let clip = try RealSpeech.load(Paths.codec2Wav.appendingPathComponent(name), rateHz: rate.hz)
        out += clip.samples
        out += (0..<(rate.hz * 3 / 2)).map { _ in noise.next() * 0.0003 }
    }
    return out
}

/// Deterministic uniform noise in [-1, 1).
struct SeededNoise {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> Float {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Float(Int64(bitPattern: state) >> 40) / Float(1 << 23)
    }
}

/// Allocations per hop of `listener` over `samples` (after `warmUpHops`), split into hops that
/// ended a turn and all others.
struct AllocationCount {
    var hops = 0
    var steadyAllocations = 0
    var allocatingHops: [Int] = []
    var turnEndHops = 0
    var turnEndAllocations = 0
    var turnsStarted = 0
}

func countAllocations(_ listener: CallerListener, samples: [Float], farEnd: [Float]? = nil,
                      warmUpHops: Int) throws -> AllocationCount {
    let hop = listener.rate.hopSamples
    var events: [ListenerEvent] = []
    events.reserveCapacity(64)
    var result = AllocationCount()
    try samples.withUnsafeBufferPointer { all in
        for h in 0..<(all.count / hop) {
            let caller = UnsafeBufferPointer(rebasing: all[h * hop..<(h + 1) * hop])
            events.removeAll(keepingCapacity: true)
            let counted = h >= warmUpHops
            if counted { ivr_malloc_counter_start() }
            if let farEnd {
                try farEnd.withUnsafeBufferPointer { far in
                    try listener.process(hop: caller, farEnd: UnsafeBufferPointer(rebasing: far[h * hop..<(h + 1) * hop]),
                                         into: &events)
                }
            } else {
                try listener.process(hop: caller, into: &events)
            }
            let n = ivr_malloc_counter_stop()
            guard counted else { continue }
            result.hops += 1
            let endedTurn = events.contains { if case .turnEnded = $0 { return true } else { return false } }
            result.turnsStarted += events.filter { if case .turnStarted = $0 { return true } else { return false } }.count
            if endedTurn {
                result.turnEndHops += 1
                result.turnEndAllocations += n
            } else {
                result.steadyAllocations += n
                if n > 0 { result.allocatingHops.append(h) }
            }
        }
    }
    return result
}

@Suite struct ListenerAllocationTests {
    @Test func theCounterSeesAnAllocation() {
        // Guards the guard: if malloc were not interposed every count below would be 0.
        ivr_malloc_counter_start()
        let array = [Int](repeating: 7, count: 1000 + Int.random(in: 0..<2))
        let n = ivr_malloc_counter_stop()
        #expect(array.count >= 1000)
        #expect(n >= 1)
    }

    /// No allocation on any hop of real speech after a 2 s warm-up except on the hops where a
    /// turn ends (the turn's prosody summary, voice features and emotion estimate with its
    /// reasons are new values).
    @Test(arguments: PipelineRate.allCases, [EmotionEstimatorKind.rules, .trained])
    func noAllocationPerHopInSteadyState(rate: PipelineRate, estimator: EmotionEstimatorKind) throws {
        var config = ListenerConfig()
        config.emotionEstimator = estimator
        let listener = try CallerListener(config: config, rate: rate)
        let count = try countAllocations(listener, samples: try speechCall(rate: rate), warmUpHops: 200)
        print("allocations @\(rate.hz) Hz, \(estimator): \(count.steadyAllocations) on \(count.hops - count.turnEndHops) "
              + "steady hops; \(count.turnEndAllocations) on \(count.turnEndHops) turn-end hops")
        #expect(count.turnsStarted >= 3)
        #expect(count.turnEndHops >= 3)
        #expect(count.steadyAllocations == 0, "allocating hops: \(count.allocatingHops.prefix(20))")
    }

    /// The same with the engine's output given as the far end (echo canceller running): after
    /// the first far-end hop (which starts the canceller, inside the warm-up) nothing allocates.
    @Test(arguments: PipelineRate.allCases)
    func noAllocationPerHopWithEchoCancellation(rate: PipelineRate) throws {
        let caller = try speechCall(rate: rate)
        // The "engine" plays the same call shifted by 3 s, so far end and caller overlap.
        let shift = 3 * rate.hz
        let farEnd = [Float](repeating: 0, count: shift) + caller.prefix(caller.count - shift)
        var config = ListenerConfig()
        config.frontEnd.echoCancellation.enabled = true
        let listener = try CallerListener(config: config, rate: rate)
        let count = try countAllocations(listener, samples: caller, farEnd: farEnd, warmUpHops: 200)
        print("allocations @\(rate.hz) Hz with AEC: \(count.steadyAllocations) on \(count.hops - count.turnEndHops) steady hops")
        #expect(count.turnEndHops >= 1)
        #expect(count.steadyAllocations == 0, "allocating hops: \(count.allocatingHops.prefix(20))")
    }
}
