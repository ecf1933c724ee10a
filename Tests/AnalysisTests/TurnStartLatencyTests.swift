import Analysis
import AudioCore
import Foundation
import Testing
import TestSupport
import TurnTaking

/// Runs `samples` through `listener` hop by hop; each event with the index of the hop whose
/// `process` call reported it.
func listen(_ listener: CallerListener, _ samples: [Float], farEnd: [Float]? = nil) throws -> [(hop: Int, event: ListenerEvent)] {
    let hop = listener.rate.hopSamples
    var out: [(hop: Int, event: ListenerEvent)] = []
    var events: [ListenerEvent] = []
    for h in 0..<(samples.count / hop) {
        events.removeAll(keepingCapacity: true)
        try samples.withUnsafeBufferPointer { all in
            let caller = UnsafeBufferPointer(rebasing: all[h * hop..<(h + 1) * hop])
            if let farEnd {
                try farEnd.withUnsafeBufferPointer { far in
                    try listener.process(hop: caller, farEnd: UnsafeBufferPointer(rebasing: far[h * hop..<(h + 1) * hop]),
                                         into: &events)
                }
            } else {
                try listener.process(hop: caller, into: &events)
            }
        }
        out += events.map { (h, $0) }
    }
    events.removeAll()
    listener.finish(into: &events)
    out += events.map { (samples.count / hop, $0) }
    return out
}

func turnStarts(_ events: [(hop: Int, event: ListenerEvent)]) -> [(hop: Int, startSec: Double)] {
    events.compactMap { if case .turnStarted(let s) = $0.event { return ($0.hop, s) } else { return nil } }
}

@Suite struct TurnStartLatencyTests {
    /// 1 s of quiet noise, then a loud harmonic tone from exactly 1.000 s. With the VAD off the
    /// gate calls every tone hop speech (hop 100 on), so the 200 ms start threshold is reached on
    /// hop 119 — the turn start must be reported by that hop's `process`, 200 ms after the
    /// onset (before: when frame 119 left the pitch tracker, `latencyHops` later).
    @Test(arguments: PipelineRate.allCases)
    func turnStartIsReportedOnTheHopTheThresholdIsReached(rate: PipelineRate) throws {
        var config = ListenerConfig()
        config.frontEnd.voiceDetection.enabled = false
        config.frontEnd.noiseSuppression.enabled = false
        let listener = try CallerListener(config: config, rate: rate)
        let quiet = Signals.whiteNoise(sampleRateHz: rate.hz, durationSec: 2, amplitude: 0.001)
        let tone = Signals.harmonicTone(f0Hz: 150, sampleRateHz: rate.hz, durationSec: 1, amplitude: 0.3)
        var samples = quiet
        for i in 0..<tone.count { samples[rate.hz + i] += tone[i] }
        let events = try listen(listener, samples)

        let starts = turnStarts(events)
        try #require(starts.count == 1)
        #expect(starts[0].startSec == 1.0)
        #expect(starts[0].hop == 119, "reported on hop \(starts[0].hop)")
        let latencyMs = (starts[0].hop + 1) * 10 - 1000
        print("@\(rate.hz) Hz: turn start reported \(latencyMs) ms after the onset; frames lag \(listener.latencyHops) hops "
              + "(reported with the frames, as before: \(latencyMs + 10 * listener.latencyHops) ms)")
        #expect(latencyMs == config.turns.startSpeechMs)
        // Prosody still lags: frame 100 (the onset) comes out only after the start was reported.
        let onsetFrameHop = events.first { if case .frame(let f) = $0.event { return f.t > 1.0 } else { return false } }?.hop
        #expect(onsetFrameHop == 100 + listener.latencyHops)
        #expect(listener.latencyHops > 0)
    }

    /// On real speech with the VAD: every turn start is reported on the very hop at which a turn
    /// detector fed with the frames' own speech decisions declares it, and turn boundaries are
    /// those of that detector (so moving the decision ahead of the tracker changed no boundary).
    @Test func onRealSpeechStartsComeOnTheDecidingHop() throws {
        let rate = PipelineRate.narrowband
        var samples: [Float] = []
        for name in ["hts1a.wav", "morig.wav", "forig.wav"] {
            samples += try RealSpeech.load(Paths.codec2Wav.appendingPathComponent(name), rateHz: rate.hz).samples
            samples += Signals.whiteNoise(sampleRateHz: rate.hz, durationSec: 1.5, amplitude: 0.0005)
        }
        let listener = try CallerListener(rate: rate)
        let events = try listen(listener, samples)
        var detector = TurnDetector(config: listener.config.turns)
        var expectedStarts: [(hop: Int, startSec: Double)] = []
        var expectedTurns: [(Double, Double)] = []
        var frameIndex = 0
        for case .frame(let f) in events.map(\.event) {
            switch detector.process(frame: frameIndex, speech: f.speech) {
            case .turnStarted(let s)?: expectedStarts.append((frameIndex, Double(s) * 0.01))
            case .turnEnded(let s, let e)?: expectedTurns.append((Double(s) * 0.01, Double(e) * 0.01))
            case nil: break
            }
            frameIndex += 1
        }
        if case .turnEnded(let s, let e)? = detector.finish(endFrame: frameIndex) { expectedTurns.append((Double(s) * 0.01, Double(e) * 0.01)) }
        let starts = turnStarts(events)
        #expect(starts.count >= 3)
        #expect(starts.map(\.hop) == expectedStarts.map(\.hop))
        #expect(starts.map(\.startSec) == expectedStarts.map(\.startSec))
        let turns = events.compactMap { if case .turnEnded(let t) = $0.event { return (t.startSec, t.endSec) } else { return nil } }
        #expect(turns.map(\.0) == expectedTurns.map(\.0))
        #expect(turns.map(\.1) == expectedTurns.map(\.1))
    }
}
