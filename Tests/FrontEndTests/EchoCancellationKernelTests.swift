import AudioCore
import Foundation
import FrontEnd
import Testing
import TestSupport

/// The front end's echo canceller on its own: real speech as the far end, its echo (60 ms,
/// −10 dB) plus quiet noise as the capture.
@Suite struct EchoCancellationKernelTests {
    /// Output level (dBFS) of the capture's last `tailSec`, with the far end given or not.
    static func outputLevel(rateHz: Int, giveFarEnd: Bool, echoCancellation: Bool) throws -> Float {
        let far = try RealSpeech.load(Paths.codec2Wav.appendingPathComponent("morig.wav"), rateHz: rateHz).samples
        var capture = Signals.whiteNoise(sampleRateHz: rateHz, durationSec: Double(far.count) / Double(rateHz), amplitude: 0.0005)
        let delay = rateHz * 60 / 1000
        for i in delay..<capture.count { capture[i] += 0.316 * far[i - delay] }
        var config = FrontEndConfig()
        config.echoCancellation.enabled = echoCancellation
        let fe = try FrontEndProcessor(config: config, sampleRateHz: rateHz)
        let n = fe.frameSamples
        let frames = capture.count / n
        var sum: Double = 0, count = 0
        try capture.withUnsafeMutableBufferPointer { cap in
            try far.withUnsafeBufferPointer { f in
                for k in 0..<frames {
                    if giveFarEnd { try fe.processFarEnd(UnsafeBufferPointer(rebasing: f[k * n..<(k + 1) * n])) }
                    let frame = UnsafeMutableBufferPointer(rebasing: cap[k * n..<(k + 1) * n])
                    try fe.process(frame)
                    if k >= frames / 2 { for s in frame { sum += Double(s * s) }; count += n }
                }
            }
        }
        return Level.dBFS(meanSquare: Float(sum / Double(count)))
    }

    @Test(arguments: [8000, 16000])
    func theEchoOfTheFarEndIsRemoved(rateHz: Int) throws {
        let without = try Self.outputLevel(rateHz: rateHz, giveFarEnd: true, echoCancellation: false)
        let with = try Self.outputLevel(rateHz: rateHz, giveFarEnd: true, echoCancellation: true)
        print("echo @\(rateHz) Hz: \(without) dBFS without the canceller, \(with) dBFS with it")
        #expect(without - with >= 20)
    }

    /// Echo cancellation starts with the first far-end frame: a stream that never has one is
    /// processed exactly as with the canceller off (recordings analyse as before).
    @Test func withoutAFarEndTheOutputIsUnchanged() throws {
        let speech = try RealSpeech.load(Paths.codec2Wav.appendingPathComponent("forig.wav"), rateHz: 8000).samples
        var on = FrontEndConfig(), off = FrontEndConfig()
        on.echoCancellation.enabled = true
        off.echoCancellation.enabled = false
        let a = try runFrontEnd(speech, rateHz: 8000, config: on)
        let b = try runFrontEnd(speech, rateHz: 8000, config: off)
        #expect(a.out == b.out)
        #expect(a.vad == b.vad)
    }
}
