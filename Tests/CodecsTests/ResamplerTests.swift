import AudioCore
import Foundation
import Testing
import Codecs
import TestSupport

@Suite struct ResamplerTests {
    struct RatePair: CustomTestStringConvertible, Sendable {
        let inHz: Int, outHz: Int
        var testDescription: String { "\(inHz) → \(outHz) Hz" }
    }

    static let sourceRates = [8000, 11025, 16000, 22050, 44100, 48000, 96000, 192_000]
    static let pairs = sourceRates.flatMap { r in [8000, 16000].map { RatePair(inHz: r, outHz: $0) } }

    /// Output `j` must be the input signal at time `j / outRate`: comparing with the same tone
    /// generated directly at the output rate checks frequency, level and time alignment at once.
    @Test("a 1 kHz tone keeps its frequency, level and phase; length is round(n·out/in)", arguments: pairs)
    func toneAcrossRates(pair: RatePair) throws {
        let resampler = try Resampler(inputRateHz: pair.inHz, outputRateHz: pair.outHz)
        let input = Signals.sine(frequencyHz: 1000, sampleRateHz: pair.inHz, durationSec: 1.0, amplitude: 0.5)
        let output = resampler.resample(input)
        #expect(output.count == (input.count * pair.outHz + pair.inHz / 2) / pair.inHz)

        let expected = Signals.sine(frequencyHz: 1000, sampleRateHz: pair.outHz, durationSec: 1.0, amplitude: 0.5)
        let edge = pair.outHz / 20  // the signal's own start and end are steps: leave their ringing out
        let middle = edge..<(output.count - edge)
        let snr = SignalMeasure.snrDB(reference: Array(expected[middle]), test: Array(output[middle]))
        #expect(snr > 60, "SNR against the ideal tone \(snr) dB")
        let amplitude = SignalMeasure.toneAmplitude(output[edge..<(edge + pair.outHz / 2)], frequencyHz: 1000, sampleRateHz: pair.outHz)
        #expect(abs(SignalMeasure.dB(amplitude / 0.5)) < 0.2, "level change \(SignalMeasure.dB(amplitude / 0.5)) dB")
    }

    @Test("the passband is flat within ±0.2 dB up to 3.4 kHz (8 kHz) and 7 kHz (16 kHz)",
          arguments: [RatePair(inHz: 48000, outHz: 8000), RatePair(inHz: 44100, outHz: 16000),
                      RatePair(inHz: 22050, outHz: 8000), RatePair(inHz: 8000, outHz: 16000),
                      RatePair(inHz: 16000, outHz: 8000)])
    func flatPassband(pair: RatePair) throws {
        let resampler = try Resampler(inputRateHz: pair.inHz, outputRateHz: pair.outHz)
        let top = pair.outHz == 8000 ? 3400.0 : 7000.0
        for frequency in [300.0, 1000, 2000, 3000, 3400, 5000, 7000] where frequency <= min(top, Double(pair.inHz) * 0.45) {
            let output = resampler.resample(Signals.sine(frequencyHz: frequency, sampleRateHz: pair.inHz, durationSec: 0.5))
            let gainDB = SignalMeasure.dB(SignalMeasure.rms(output[(pair.outHz / 20)..<(output.count - pair.outHz / 20)]) / (0.5 / 2.0.squareRoot()))
            #expect(abs(gainDB) < 0.2, "\(frequency) Hz: \(gainDB) dB")
        }
    }

    @Test("tones above the output Nyquist are rejected by more than 40 dB (no aliasing)")
    func aliasRejection() throws {
        for (inHz, outHz, toneHz) in [(48000, 8000, 6000.0), (48000, 16000, 12000.0), (44100, 8000, 5000.0), (16000, 8000, 6000.0)] {
            let resampler = try Resampler(inputRateHz: inHz, outputRateHz: outHz)
            let output = resampler.resample(Signals.sine(frequencyHz: toneHz, sampleRateHz: inHz, durationSec: 0.5))
            let attenuationDB = -SignalMeasure.dB(SignalMeasure.rms(output[(outHz / 20)..<(output.count - outHz / 20)]) / (0.5 / 2.0.squareRoot()))
            #expect(attenuationDB > 40, "\(toneHz) Hz, \(inHz) → \(outHz): \(attenuationDB) dB")
        }
    }

    @Test("a tone burst's onset lands at the same time (±1 ms) and an impulse on the same instant",
          arguments: [RatePair(inHz: 48000, outHz: 8000), RatePair(inHz: 44100, outHz: 16000),
                      RatePair(inHz: 22050, outHz: 8000), RatePair(inHz: 8000, outHz: 16000),
                      RatePair(inHz: 192_000, outHz: 16000)])
    func timeAlignment(pair: RatePair) throws {
        let resampler = try Resampler(inputRateHz: pair.inHz, outputRateHz: pair.outHz)
        let burst = Signals.silence(sampleRateHz: pair.inHz, durationSec: 0.5)
            + Signals.sine(frequencyHz: 1000, sampleRateHz: pair.inHz, durationSec: 0.3)
        let output = resampler.resample(burst)
        let onset = try #require(output.firstIndex { abs($0) > 0.05 })
        let onsetErrorMs = Double(onset) * 1000 / Double(pair.outHz) - 500
        #expect(abs(onsetErrorMs) <= 1, "onset off by \(onsetErrorMs) ms")

        // An impulse at an instant both rates share (0.25 s) peaks on that output sample.
        var impulse = [Float](repeating: 0, count: pair.inHz / 2)
        impulse[pair.inHz / 4] = 1
        let response = resampler.resample(impulse)
        let peak = response.indices.max { abs(response[$0]) < abs(response[$1]) }
        #expect(peak == pair.outHz / 4)
    }

    @Test("streaming in uneven blocks gives exactly the whole-signal result, and flush starts afresh",
          arguments: [RatePair(inHz: 8000, outHz: 16000), RatePair(inHz: 44100, outHz: 16000),
                      RatePair(inHz: 22050, outHz: 8000), RatePair(inHz: 48000, outHz: 8000)])
    func streamingMatchesWhole(pair: RatePair) throws {
        let speech = try ExternalTool.speech(rateHz: pair.inHz, seconds: 1)
        let resampler = try Resampler(inputRateHz: pair.inHz, outputRateHz: pair.outHz)
        let whole = resampler.resample(speech)
        #expect(whole.count == (speech.count * pair.outHz + pair.inHz / 2) / pair.inHz)

        var rng = SplitMix64(seed: 7)
        for _ in 0..<2 {  // twice: the second stream must not see the first one's state
            var streamed: [Float] = []
            var position = 0
            while position < speech.count {
                let n = min(Int(rng.next() % 1500), speech.count - position)
                speech[position..<(position + n)].withUnsafeBufferPointer { resampler.process($0, into: &streamed) }
                position += n
            }
            #expect(resampler.pendingOutputCount == whole.count - streamed.count)
            resampler.flush(into: &streamed)
            #expect(streamed == whole)
        }
    }

    @Test("the buffer API runs 20 ms frames without arrays and delivers round(n·out/in) in total")
    func bufferAPI() throws {
        // The buffer API, 20 ms at a time, as a call session would use it.
        let tts = try Resampler(inputRateHz: 22050, outputRateHz: 8000)
        let frame = Signals.harmonicTone(f0Hz: 120, sampleRateHz: 22050, durationSec: 0.02)
        var out = [Float](repeating: 0, count: tts.maxOutputCount(forInputCount: frame.count))
        var total = 0
        for _ in 0..<50 {
            total += frame.withUnsafeBufferPointer { f in out.withUnsafeMutableBufferPointer { tts.process(f, into: $0) } }
        }
        out = [Float](repeating: 0, count: tts.pendingOutputCount)
        total += out.withUnsafeMutableBufferPointer { tts.flush(into: $0) }
        #expect(total == (frame.count * 50 * 8000 + 11025) / 22050)
    }

    @Test("real speech 8 → 16 → 8 kHz comes back nearly unchanged")
    func speechRoundTrip() throws {
        let speech = try ExternalTool.speech(rateHz: 8000, seconds: 3)
        let up = try Resampler(inputRateHz: 8000, outputRateHz: 16000).resample(speech)
        let back = try Resampler(inputRateHz: 16000, outputRateHz: 8000).resample(up)
        #expect(back.count == speech.count)
        // What is lost is only the band edge above 0.94 × 4 kHz that the filters remove.
        let snr = SignalMeasure.snrDB(reference: speech, test: back)
        #expect(snr > 30, "SNR \(snr) dB")
    }

    @Test func equalRatesCopyExactly() throws {
        let resampler = try Resampler(inputRateHz: 16000, outputRateHz: 16000)
        let noise = Signals.whiteNoise(sampleRateHz: 16000, durationSec: 0.1)
        #expect(resampler.resample(noise) == noise)
        #expect(resampler.inputLatencySamples == 0)
    }

    @Test func invalidSettingsAreExplained() {
        #expect { _ = try Resampler(inputRateHz: 48000, outputRateHz: 8000, quality: 11) } throws: {
            "\($0)" == "resampler: quality 11 is outside 0…10 (default 6)"
        }
        #expect { _ = try Resampler(inputRateHz: 0, outputRateHz: 8000) } throws: {
            "\($0)".contains("sample rate 0 Hz is outside")
        }
    }
}
