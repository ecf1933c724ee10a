import Foundation
import Prosody
import Testing
import TestSupport

/// Known-answer tests on synthetic signals. Frames within 100 ms of either end are left out:
/// there the analysis window overlaps the stream's edges.
@Suite struct PitchTrackerTests {
    static let rates = [8000, 16000]

    private func track(_ samples: [Float], rateHz: Int) throws -> [PitchEstimate] {
        try PitchTracker.track(samples: samples, config: PitchTrackerConfig(sampleRateHz: rateHz))
    }

    private func inner(_ track: [PitchEstimate]) -> ArraySlice<PitchEstimate> {
        track.dropFirst(10).dropLast(10)
    }

    private func expectSteady(_ track: [PitchEstimate], f0Hz: Float, tolerance: Float = 0.02,
                              sourceLocation: SourceLocation = #_sourceLocation) {
        let frames = inner(track)
        let voiced = frames.filter(\.voiced)
        #expect(voiced.count == frames.count, "unvoiced frames in a steady tone", sourceLocation: sourceLocation)
        let worst = voiced.map { abs($0.f0Hz - f0Hz) / f0Hz }.max() ?? 1
        #expect(worst < tolerance, "F0 off by \(worst * 100)% from \(f0Hz) Hz", sourceLocation: sourceLocation)
    }

    @Test(arguments: rates, [80.0, 110, 150, 220, 300, 440])
    func harmonicToneGivesItsF0(rateHz: Int, f0Hz: Double) throws {
        let tone = Signals.harmonicTone(f0Hz: f0Hz, sampleRateHz: rateHz, durationSec: 1)
        expectSteady(try track(tone, rateHz: rateHz), f0Hz: Float(f0Hz))
    }

    @Test(arguments: rates, [80.0, 110, 150, 220, 300, 440])
    func missingFundamentalStillGivesF0(rateHz: Int, f0Hz: Double) throws {
        let tone = Signals.harmonicTone(f0Hz: f0Hz, sampleRateHz: rateHz, durationSec: 1, dropFundamental: true)
        expectSteady(try track(tone, rateHz: rateHz), f0Hz: Float(f0Hz))
    }

    @Test(arguments: rates)
    func followsASineSweep(rateHz: Int) throws {
        let (from, to, seconds) = (100.0, 400.0, 2.0)
        let sweep = Signals.sweep(fromHz: from, toHz: to, sampleRateHz: rateHz, durationSec: seconds)
        let estimates = try track(sweep, rateHz: rateHz)
        #expect(estimates.count == Int(seconds * 100))
        for (k, e) in inner(estimates).enumerated().map({ ($0.offset + 10, $0.element) }) {
            let t = (Double(k) + 0.5) * 0.01
            let expected = Float(from + (to - from) * t / seconds)
            #expect(e.voiced && abs(e.f0Hz - expected) / expected < 0.03, "frame \(k): \(e.f0Hz) Hz, expected \(expected)")
        }
    }

    @Test(arguments: rates)
    func silenceIsUnvoiced(rateHz: Int) throws {
        let estimates = try track(Signals.silence(sampleRateHz: rateHz, durationSec: 1), rateHz: rateHz)
        #expect(estimates.count == 100)
        #expect(estimates.allSatisfy { !$0.voiced && $0.f0Hz == 0 })
    }

    @Test(arguments: rates)
    func whiteNoiseIsUnvoiced(rateHz: Int) throws {
        let noise = Signals.whiteNoise(sampleRateHz: rateHz, durationSec: 2, amplitude: 0.3)
        let voiced = try track(noise, rateHz: rateHz).filter(\.voiced).count
        #expect(voiced <= 4, "\(voiced) of 200 noise frames called voiced")
    }

    @Test(arguments: rates)
    func clippedToneKeepsItsF0(rateHz: Int) throws {
        let tone = Signals.harmonicTone(f0Hz: 150, sampleRateHz: rateHz, durationSec: 1, amplitude: 0.9)
        expectSteady(try track(Signals.clipped(tone, limit: 0.2), rateHz: rateHz), f0Hz: 150)
    }

    @Test(arguments: rates)
    func strongSecondHarmonicDoesNotDoubleTheF0(rateHz: Int) throws {
        // Partial 2 is 14 dB above partial 1: a peak picker on the spectrum would say 240 Hz.
        let n = rateHz
        let w = 2 * Double.pi * 120 / Double(rateHz)
        let tone = (0..<n).map { i in Float(0.1 * sin(w * Double(i)) + 0.5 * sin(2 * w * Double(i)) + 0.05 * sin(3 * w * Double(i))) }
        expectSteady(try track(tone, rateHz: rateHz), f0Hz: 120)
    }

    @Test(arguments: rates)
    func emitsOneEstimatePerHopAfterTheStatedLatency(rateHz: Int) throws {
        let config = PitchTrackerConfig(sampleRateHz: rateHz)
        let tracker = try PitchTracker(config: config)
        let tone = Signals.harmonicTone(f0Hz: 200, sampleRateHz: rateHz, durationSec: 0.5)
        var out: [PitchEstimate] = []
        out.reserveCapacity(100)
        let hop = config.hopSamples
        for k in 0..<50 {
            tone[(k * hop)..<((k + 1) * hop)].withUnsafeBufferPointer { tracker.process(hop: $0, into: &out) }
            #expect(out.count == max(0, k + 1 - tracker.latencyHops))
        }
        tracker.flush(into: &out)
        #expect(out.count == 50)
        // After flush the tracker starts over: the same input gives the same track.
        let again = try PitchTracker.track(samples: tone, config: config)
        var second: [PitchEstimate] = []
        for k in 0..<50 {
            tone[(k * hop)..<((k + 1) * hop)].withUnsafeBufferPointer { tracker.process(hop: $0, into: &second) }
        }
        tracker.flush(into: &second)
        #expect(second == out && again == out)
    }

    @Test func shortStreamsStillGetOneEstimatePerHop() throws {
        for hops in [0, 1, 2, 5] {
            let samples = Signals.harmonicTone(f0Hz: 200, sampleRateHz: 8000, durationSec: Double(hops) / 100)
            #expect(try PitchTracker.track(samples: samples, config: PitchTrackerConfig(sampleRateHz: 8000)).count == hops)
        }
    }

    @Test func rejectsNonsenseConfigurations() {
        var config = PitchTrackerConfig(sampleRateHz: 8000)
        config.minF0Hz = 600
        #expect(throws: ProsodyError.self) { try PitchTracker(config: config) }
        #expect(throws: ProsodyError.self) { try PitchTracker(config: PitchTrackerConfig(sampleRateHz: 7999)) }
    }
}
