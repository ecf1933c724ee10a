import Foundation
import Prosody
import TestSupport
import Testing

@Suite struct SpectralBalanceAnalyzerTests {
    private func frames(_ x: [Float], rateHz: Int) throws -> [SpectralFrame] {
        let kernel = try SpectralBalanceAnalyzer(sampleRateHz: rateHz)
        let hop = rateHz / 100
        return x.withUnsafeBufferPointer { all in
            (0..<(all.count / hop)).map { kernel.process(hop: UnsafeBufferPointer(rebasing: all[$0 * hop..<($0 + 1) * hop])) }
        }
    }

    @Test func periodicToneIsHarmonicAndNoiseIsNot() throws {
        let tone = Signals.harmonicTone(f0Hz: 150, sampleRateHz: 8000, durationSec: 0.5)
        let noise = Signals.whiteNoise(sampleRateHz: 8000, durationSec: 0.5)
        let t = try frames(tone, rateHz: 8000).last!, n = try frames(noise, rateHz: 8000).last!
        #expect(t.harmonicity > 0.9)
        #expect(t.hnrDB > 10)
        #expect(n.harmonicity < 0.5)
    }

    @Test func brightSpectrumHasHigherAlphaRatioAndFlatterSlope() throws {
        // 1/k harmonics (dull) against equal-amplitude harmonics (bright), same F0.
        let dull = Signals.harmonicTone(f0Hz: 200, sampleRateHz: 8000, durationSec: 0.5)
        var bright = [Float](repeating: 0, count: 4000)
        for k in 1...19 {
            for i in bright.indices { bright[i] += 0.03 * Float(sin(2 * Double.pi * 200 * Double(k) * Double(i) / 8000)) }
        }
        let d = try frames(dull, rateHz: 8000).last!, b = try frames(bright, rateHz: 8000).last!
        #expect(b.alphaRatioDB > d.alphaRatioDB + 6)
        #expect(b.hammarbergDB < d.hammarbergDB)
        #expect(b.slopeDBPerKHz > d.slopeDBPerKHz)
    }

    /// Every measure except the level is a ratio: scaling the line by ±10 dB leaves it unchanged.
    @Test func realSpeechMeasuresDoNotMoveWithGain() throws {
        let clip = try RealSpeech.load(Paths.codec2Wav.appendingPathComponent("hts1a.wav"), rateHz: 8000)
        let base = try frames(clip.samples, rateHz: 8000)
        for gain: Float in [-10, 10] {
            let scaled = try frames(Signals.scaled(clip.samples, gainDB: gain), rateHz: 8000)
            for (a, b) in zip(base, scaled) where a.levelDB > -60 {
                #expect(abs(b.levelDB - a.levelDB - gain) < 0.01)
                #expect(abs(b.alphaRatioDB - a.alphaRatioDB) < 0.01)
                #expect(abs(b.hammarbergDB - a.hammarbergDB) < 0.01)
                #expect(abs(b.slopeDBPerKHz - a.slopeDBPerKHz) < 0.01)
                #expect(abs(b.harmonicity - a.harmonicity) < 0.001)
                #expect(abs(b.cepstrum[0] - a.cepstrum[0]) < 0.01)
            }
        }
    }

    @Test func measuresStayInsideTheTelephoneBandAtBothRates() throws {
        let tone8 = Signals.harmonicTone(f0Hz: 180, sampleRateHz: 8000, durationSec: 0.5, harmonics: 18)
        let tone16 = Signals.harmonicTone(f0Hz: 180, sampleRateHz: 16000, durationSec: 0.5, harmonics: 18)
        let a = try frames(tone8, rateHz: 8000).last!, b = try frames(tone16, rateHz: 16000).last!
        #expect(abs(a.alphaRatioDB - b.alphaRatioDB) < 1)
        #expect(abs(a.hammarbergDB - b.hammarbergDB) < 1)
    }
}
