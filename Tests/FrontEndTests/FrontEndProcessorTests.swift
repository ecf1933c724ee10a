import AudioCore
import Foundation
import FrontEnd
import Testing
import TestSupport

/// Runs `samples` through a front end 10 ms at a time; returns the output and the VAD decisions.
func runFrontEnd(_ samples: [Float], rateHz: Int, config: FrontEndConfig) throws -> (out: [Float], vad: [Bool]) {
    let fe = try FrontEndProcessor(config: config, sampleRateHz: rateHz)
    var out = samples
    var vad: [Bool] = []
    let n = fe.frameSamples
    try out.withUnsafeMutableBufferPointer { all in
        var start = 0
        while start + n <= all.count {
            let frame = UnsafeMutableBufferPointer(rebasing: all[start..<start + n])
            vad.append(try fe.process(frame))
            start += n
        }
    }
    return (Array(out.prefix(vad.count * n)), vad)
}

@Suite struct FrontEndProcessorTests {
    @Test func bypassLeavesAudioUntouchedAndReportsNoVoice() throws {
        let tone = Signals.harmonicTone(f0Hz: 150, sampleRateHz: 8000, durationSec: 0.5)
        let (out, vad) = try runFrontEnd(tone, rateHz: 8000, config: .bypass)
        #expect(out == tone)
        #expect(!vad.contains(true))
    }

    @Test(arguments: [8000, 16000])
    func highPassRemovesDCOffsetAndKeepsSpeechBand(rateHz: Int) throws {
        let tone = Signals.sine(frequencyHz: 1000, sampleRateHz: rateHz, durationSec: 1, amplitude: 0.25)
        let withDC = tone.map { $0 + 0.2 }
        var config = FrontEndConfig.bypass
        config.highPassEnabled = true
        let (out, _) = try runFrontEnd(withDC, rateHz: rateHz, config: config)
        let tail = out.suffix(rateHz / 2)  // after the filter settled
        let mean = tail.reduce(0, +) / Float(tail.count)
        #expect(abs(mean) < 0.01, "DC left after high-pass: \(mean)")
        let levelIn = Level.rmsDBFS(tone.suffix(rateHz / 2))
        let levelOut = Level.rmsDBFS(tail)
        #expect(abs(levelOut - levelIn) < 1, "1 kHz passband changed by \(levelOut - levelIn) dB")
    }

    @Test func noiseSuppressionLowersStationaryNoise() throws {
        let noise = Signals.whiteNoise(sampleRateHz: 16000, durationSec: 3, amplitude: 0.05)
        var config = FrontEndConfig.bypass
        config.noiseSuppression = .init(enabled: true, level: .high)
        let (out, _) = try runFrontEnd(noise, rateHz: 16000, config: config)
        let before = Level.rmsDBFS(noise.suffix(16000))
        let after = Level.rmsDBFS(out.suffix(16000))
        #expect(before - after > 6, "noise only \(before - after) dB lower")
    }

    @Test func gainControlRaisesQuietSpeech() throws {
        let speech = try TestWAV.read(Paths.codec2Wav.appendingPathComponent("hts1a.wav"))
        let quiet = Signals.scaled(speech.samples, gainDB: -30)
        var config = FrontEndConfig.bypass
        config.gainControl.enabled = true
        config.voiceDetection.enabled = true  // AGC uses the VAD decision
        let (out, _) = try runFrontEnd(quiet, rateHz: 8000, config: config)
        let tailIn = Level.rmsDBFS(quiet.suffix(8000))
        let tailOut = Level.rmsDBFS(out.suffix(8000))
        #expect(tailOut - tailIn > 6, "AGC raised the level by only \(tailOut - tailIn) dB")
    }

    @Test func vadCallsSilenceQuietAndRealSpeechVoiced() throws {
        let speech = try TestWAV.read(Paths.codec2Wav.appendingPathComponent("hts1a.wav"))
        let silence = Signals.silence(sampleRateHz: 8000, durationSec: 1)
        let (_, vad) = try runFrontEnd(silence + speech.samples, rateHz: 8000, config: .init())
        let silentFrames = vad.prefix(100)
        #expect(silentFrames.filter { $0 }.count == 0)
        // Speech frames: the loud ones (energy well above the floor) must be voiced.
        let speechVad = Array(vad.dropFirst(100))
        var loud = 0, loudVoiced = 0
        for (i, v) in speechVad.enumerated() {
            let frame = speech.samples[i * 80..<(i + 1) * 80]
            if Level.rmsDBFS(frame) > -30 { loud += 1; if v { loudVoiced += 1 } }
        }
        #expect(loud > 50)
        #expect(Double(loudVoiced) / Double(loud) > 0.9, "VAD voiced \(loudVoiced) of \(loud) loud speech frames")
    }

    @Test func refusesUnsupportedRateAndWrongFrameSize() throws {
        #expect(throws: FrontEndError.unsupportedSampleRate(11025)) {
            try FrontEndProcessor(config: .init(), sampleRateHz: 11025)
        }
        let fe = try FrontEndProcessor(config: .init(), sampleRateHz: 8000)
        var short = [Float](repeating: 0, count: 79)
        #expect(throws: FrontEndError.wrongFrameSize(got: 79, expected: 80)) {
            try short.withUnsafeMutableBufferPointer { try fe.process($0) }
        }
    }

    @Test func errorMessagesSayWhatWouldBeRight() {
        #expect(FrontEndError.unsupportedSampleRate(11025).description.contains("8000, 16000"))
        #expect(FrontEndError.wrongFrameSize(got: 79, expected: 80).description.contains("10 ms"))
    }
}
