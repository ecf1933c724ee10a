import Codecs
import Foundation
import Prosody
import Synthesis
import Testing

/// Median F0 of voiced frames, by the engine's own pitch tracker.
private func medianF0(_ samples: [Float], rateHz: Int, resampleFrom sourceHz: Int) throws -> Float {
    let input = try Resampler(inputRateHz: sourceHz, outputRateHz: rateHz).resample(samples)
    let f0 = try PitchTracker.track(samples: input, config: PitchTrackerConfig(sampleRateHz: rateHz))
        .filter(\.voiced).map(\.f0Hz).sorted()
    return f0.isEmpty ? 0 : f0[f0.count / 2]
}

@Suite struct EspeakSynthesizerTests {
    let text = "Thank you for calling. Your prescription is ready for collection."

    @Test func speaksEnglishAndRussian() throws {
        let en = try EspeakSynthesizer.shared.synthesize(SynthesisRequest(text: text, settings: SynthesisSettings(voice: "en-us")))
        let ru = try EspeakSynthesizer.shared.synthesize(
            SynthesisRequest(text: "Здравствуйте! Ваш рецепт готов.", settings: SynthesisSettings(voice: "ru")))
        let rate = Double(try EspeakSynthesizer.shared.sampleRateHz())
        #expect(rate == 22050)
        #expect(Double(en.count) / rate > 2 && Double(en.count) / rate < 8)
        #expect(Double(ru.count) / rate > 1)
        #expect((en.map(abs).max() ?? 0) > 0.05)
    }

    @Test func rateChangesDuration() throws {
        let slow = try EspeakSynthesizer.shared.synthesize(SynthesisRequest(text: text, settings: SynthesisSettings(voice: "en-us", rateWPM: 120)))
        let fast = try EspeakSynthesizer.shared.synthesize(SynthesisRequest(text: text, settings: SynthesisSettings(voice: "en-us", rateWPM: 240)))
        let ratio = Double(slow.count) / Double(fast.count)
        #expect(ratio > 1.6 && ratio < 2.4, "120 vs 240 wpm duration ratio \(ratio)")
    }

    @Test func pitchParameterMovesTheMeasuredF0() throws {
        let low = try EspeakSynthesizer.shared.synthesize(SynthesisRequest(text: text, settings: SynthesisSettings(voice: "en-us", pitch: 20)))
        let high = try EspeakSynthesizer.shared.synthesize(SynthesisRequest(text: text, settings: SynthesisSettings(voice: "en-us", pitch: 80)))
        let rate = try EspeakSynthesizer.shared.sampleRateHz()
        let f0Low = try medianF0(low, rateHz: 16000, resampleFrom: rate)
        let f0High = try medianF0(high, rateHz: 16000, resampleFrom: rate)
        #expect(f0High > f0Low * 1.3, "pitch 20 → \(f0Low) Hz, pitch 80 → \(f0High) Hz")
    }

    @Test func femaleVariantIsHigher() throws {
        let rate = try EspeakSynthesizer.shared.sampleRateHz()
        let male = try EspeakSynthesizer.shared.synthesize(SynthesisRequest(text: text, settings: SynthesisSettings(voice: "en-us", variant: "m3")))
        let female = try EspeakSynthesizer.shared.synthesize(SynthesisRequest(text: text, settings: SynthesisSettings(voice: "en-us", variant: "f3")))
        let f0M = try medianF0(male, rateHz: 16000, resampleFrom: rate)
        let f0F = try medianF0(female, rateHz: 16000, resampleFrom: rate)
        #expect(f0F > f0M * 1.5, "m3 \(f0M) Hz, f3 \(f0F) Hz")
    }

    @Test func badRequestsFailClearly() {
        #expect(throws: SynthesisError.unknownVoice("xx-nowhere")) {
            try EspeakSynthesizer.shared.synthesize(SynthesisRequest(text: "hi", settings: SynthesisSettings(voice: "xx-nowhere")))
        }
        #expect(throws: SynthesisError.parameterOutOfRange(name: "rateWPM", value: 900, range: 80...450)) {
            try EspeakSynthesizer.shared.synthesize(SynthesisRequest(text: "hi", settings: SynthesisSettings(voice: "en", rateWPM: 900)))
        }
        #expect(throws: SynthesisError.emptyText) {
            try EspeakSynthesizer.shared.synthesize(SynthesisRequest(text: "  ", settings: SynthesisSettings(voice: "en")))
        }
    }

    @Test func concurrentCallersAreSerializedSafely() async throws {
        // espeak-ng keeps global state; six threads at once must each get a whole utterance.
        let request = SynthesisRequest(text: "One moment please.", settings: SynthesisSettings(voice: "en-gb"))
        let reference = try EspeakSynthesizer.shared.synthesize(request).count
        let lengths = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<6 { group.addTask { try EspeakSynthesizer.shared.synthesize(request).count } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        // espeak-ng's output varies by a few ms from call to call (see EspeakSynthesizer).
        #expect(lengths.allSatisfy { abs($0 - reference) < reference / 20 }, "\(lengths) vs \(reference)")
    }

    @Test func languageCodesResolveToVoices() throws {
        // "en-gb" is a language of the voice file gmw/en, not a voice name.
        let gb = try EspeakSynthesizer.shared.synthesize(SynthesisRequest(text: "Hello.", settings: SynthesisSettings(voice: "en-gb", variant: "m3")))
        #expect(gb.count > 5000)
    }
}

@Suite struct PromptAudioCacheTests {
    @Test func synthesizesOnceAndResamplesToTheCallRate() throws {
        let cache = PromptAudioCache()
        let request = SynthesisRequest(text: "Please hold.", settings: SynthesisSettings(voice: "en-us"))
        let first = try cache.audio(for: request, outputRateHz: 8000)
        let second = try cache.audio(for: request, outputRateHz: 8000)
        #expect(first == second)
        #expect(cache.count == 2)  // the 22050 Hz original and its 8 kHz copy
        let raw = try cache.audio(for: request, outputRateHz: 22050)
        #expect(cache.count == 2)
        #expect(Double(first.count) == (Double(raw.count) * 8000 / 22050).rounded())
        _ = try cache.audio(for: request, outputRateHz: 16000)
        #expect(cache.count == 3)
    }
}
