import Analysis
import AudioCore
import AudioFiles
import Emotion
import Foundation
import Prosody

/// What the emotion path costs: the per-hop spectral kernel (µs per 10 ms frame) and the
/// per-turn feature summary plus model (µs per turn), on real speech at 8 kHz. CPU time of this
/// process, best of three; meaningful in a release build.
public enum CostMeasurement {
    /// `clips`: the real speech to time on (the calm-speech check's clips).
    public static func report(model: EmotionModel, clips all: [CalmSpeechCheck.Clip]) throws -> String {
        let clips = all.filter { FileManager.default.fileExists(atPath: $0.path) }
        guard !clips.isEmpty else { return "## Cost\n  (no real speech found)\n" }
        var audio: [Float] = []
        for c in clips {
            let a = try AudioFileReader.read(url: URL(fileURLWithPath: c.path), channel: .mix)
            audio += try ChannelCondition.telephone.apply(a.samples, rateHz: a.sampleRateHz)
        }
        let hop = PipelineRate.narrowband.hopSamples
        let hops = audio.count / hop
        let kernel = try SpectralBalanceAnalyzer(sampleRateHz: 8000)
        var sink: Float = 0
        let kernelSec = best {
            audio.withUnsafeBufferPointer { all in
                for h in 0..<hops { sink += kernel.process(hop: UnsafeBufferPointer(rebasing: all[h * hop..<(h + 1) * hop])).fluxDB }
            }
        }
        var config = ListenerConfig()
        config.emotionModel = model
        config.emotionEstimator = .trained
        config.dtmfEnabled = false
        var turnList: [CallerTurn] = []
        let listenerSec = try bestThrowing { turnList = try turns(audio, rate: .narrowband, config: config) }

        // Per turn: the frames of each turn again, summarised and estimated.
        let listener = try CallerListener(config: config, rate: .narrowband)
        var events: [ListenerEvent] = []
        try audio.withUnsafeBufferPointer { all in
            for h in 0..<hops { try listener.process(hop: UnsafeBufferPointer(rebasing: all[h * hop..<(h + 1) * hop]), into: &events) }
        }
        listener.finish(into: &events)
        let frames = events.compactMap { if case .frame(let f) = $0 { return f } else { return nil } }
        let spans = turnList.map { t in Int(t.startSec * 100)..<min(frames.count, Int(t.endSec * 100)) }
        let analyzer = TurnFeatureAnalyzer()
        let estimator = TrainedEmotionEstimator(model: model)
        let repeats = 20
        let turnSec = best {
            for _ in 0..<repeats {
                var baseline = VoiceBaseline()
                for span in spans {
                    let f = analyzer.features(frames[span])
                    sink += estimator.estimate(f, baseline: baseline).confidence
                    baseline.add(f)
                }
            }
        }
        let perTurn = turnSec / Double(max(1, spans.count * repeats)) * 1e6
        let meanTurnSec = spans.map { Double($0.count) / 100 }.reduce(0, +) / Double(max(1, spans.count))
        var s = "## Cost (this build; CPU time, best of 3; \(String(format: "%.1f", Double(audio.count) / 8000)) s of real speech at 8 kHz)\n"
        s += String(format: "  spectral balance kernel: %.2f µs per 10 ms frame\n", kernelSec / Double(hops) * 1e6)
        s += String(format: "  whole listener incl. emotion: %.2f µs per 10 ms frame (%.0f× real time)\n",
                    listenerSec / Double(hops) * 1e6, Double(hops) / 100 / listenerSec)
        s += String(format: "  turn features + model: %.1f µs per turn (%d turns, mean %.1f s)\n", perTurn, spans.count, meanTurnSec)
        if sink.isNaN { s += "" }
        return s + "\n"
    }

    private static func cpuSeconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
    }

    private static func best(_ body: () -> Void) -> Double {
        (0..<3).map { _ in let t0 = cpuSeconds(); body(); return cpuSeconds() - t0 }.min()!
    }

    private static func bestThrowing(_ body: () throws -> Void) throws -> Double {
        var times: [Double] = []
        for _ in 0..<3 { let t0 = cpuSeconds(); try body(); times.append(cpuSeconds() - t0) }
        return times.min()!
    }
}
