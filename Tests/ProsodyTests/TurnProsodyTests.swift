import Foundation
import Prosody
import Testing

/// Frames at 10 ms with the given per-frame values.
private func frames(count: Int, f0: (Int) -> Float, energy: (Int) -> Float = { _ in -20 },
                    speech: (Int) -> Bool = { _ in true }) -> [ProsodyFrame] {
    (0..<count).map { i in
        let hz = f0(i)
        return ProsodyFrame(t: (Double(i) + 0.5) * 0.01, f0Hz: hz, voiced: hz > 0, energyDB: energy(i), speech: speech(i))
    }
}

@Suite struct SyllableCounterTests {
    /// Energy contour of `count` syllables: 150 ms loud (−20 dB) / 100 ms dip (−20 − dipDB).
    private func contour(syllables: Int, dipDB: Float) -> (energy: [Float], voiced: [Bool]) {
        var e: [Float] = [], v: [Bool] = []
        for _ in 0..<syllables {
            for k in 0..<15 { e.append(-20 - abs(Float(k) - 7) * 0.3); v.append(true) }
            for _ in 0..<10 { e.append(-20 - dipDB); v.append(false) }
        }
        return (e, v)
    }

    @Test func countsSyllablesSeparatedByClearDips() {
        let (e, v) = contour(syllables: 6, dipDB: 8)
        #expect(SyllableCounter().nuclei(energyDB: e, voiced: v).count == 6)
    }

    @Test func shallowDipsDoNotSplitASyllable() {
        let (e, _) = contour(syllables: 6, dipDB: 1)
        let allVoiced = [Bool](repeating: true, count: e.count)
        #expect(SyllableCounter().nuclei(energyDB: e, voiced: allVoiced).count == 1)
    }

    @Test func unvoicedPeaksAreNotNuclei() {
        let (e, _) = contour(syllables: 6, dipDB: 8)
        let noneVoiced = [Bool](repeating: false, count: e.count)
        #expect(SyllableCounter().nuclei(energyDB: e, voiced: noneVoiced).isEmpty)
    }

    @Test func peaksFarBelowTheLoudestAreIgnored() {
        var (e, v) = contour(syllables: 4, dipDB: 8)
        for i in 0..<25 { e[i] -= 40 }  // first syllable 40 dB down: breath noise, not a syllable
        #expect(SyllableCounter().nuclei(energyDB: e, voiced: v).count == 3)
    }
}

@Suite struct TurnProsodyAnalyzerTests {
    @Test func steadyPitchHasItsMedianAndNoRange() {
        let p = TurnProsodyAnalyzer().summarize(frames(count: 100, f0: { _ in 200 })[...])
        #expect(abs(p.f0MedianHz! - 200) < 0.01)
        #expect(abs(p.f0MedianSemitones! - 12.0) < 0.001)  // 200 Hz is one octave above 100 Hz
        #expect(abs(p.f0RangeSemitones!) < 0.001)
        #expect(abs(p.f0EndSlopeSemitonesPerSec!) < 0.001)
    }

    @Test func risingEndGivesPositiveSlopeInSemitonesPerSecond() {
        // Flat 200 Hz for 1 s, then a glide of +4 st over the last 0.5 s → 8 st/s.
        let f = frames(count: 150, f0: { i in
            i < 100 ? 200 : 200 * pow(2, Float(i - 99) * 0.01 / 0.5 * 4 / 12)
        })
        let slope = TurnProsodyAnalyzer().summarize(f[...]).f0EndSlopeSemitonesPerSec!
        #expect(abs(slope - 8) < 0.3, "slope \(slope)")
    }

    @Test func rangeIsTheTenthToNinetiethPercentileInSemitones() {
        // Half the frames at 100 Hz, half at 200 Hz → p10 = 0 st, p90 = 12 st.
        let p = TurnProsodyAnalyzer().summarize(frames(count: 100, f0: { $0 < 50 ? 100 : 200 })[...])
        #expect(abs(p.f0RangeSemitones! - 12) < 0.01)
    }

    @Test func energyIsAPowerMeanAndPausesAreCounted() {
        let f = frames(count: 100, f0: { _ in 150 }, energy: { $0 < 35 ? -20 : ($0 < 70 ? -30 : -70) },
                       speech: { $0 < 70 })
        let p = TurnProsodyAnalyzer().summarize(f[...])
        #expect(abs(p.energyMeanDBFS - 10 * log10(Float(0.011) / 2)) < 0.01)
        #expect(abs(p.pauseRatio - 0.3) < 0.001)
        #expect(abs(p.speechSec - 0.7) < 1e-9)
        #expect(abs(p.durationSec - 1.0) < 1e-9)
    }

    @Test func unvoicedTurnHasNoPitchFields() {
        let p = TurnProsodyAnalyzer().summarize(frames(count: 50, f0: { _ in 0 })[...])
        #expect(p.f0MedianHz == nil && p.f0RangeSemitones == nil && p.f0EndSlopeSemitonesPerSec == nil)
    }
}

@Suite struct CallerBaselineTests {
    private func turn(f0Hz: Float, energy: Float, rate: Float) -> TurnProsody {
        TurnProsody(durationSec: 2, speechSec: 1.5, voicedSec: 1.2, f0MedianHz: f0Hz,
                    f0MedianSemitones: Semitones.fromHz(f0Hz), f0RangeSemitones: 4,
                    f0EndSlopeSemitonesPerSec: -2, energyMeanDBFS: energy, energyRangeDB: 10,
                    pauseRatio: 0.2, syllableRatePerSec: rate, voicedSegmentRatePerSec: 3)
    }

    @Test func noBaselineBeforeTheCallerHasSpoken() {
        #expect(CallerBaseline().relative(turn(f0Hz: 120, energy: -25, rate: 4)) == nil)
    }

    @Test func laterTurnIsMeasuredAgainstEarlierOnes() throws {
        var baseline = CallerBaseline()
        baseline.add(turn(f0Hz: 120, energy: -25, rate: 4))
        baseline.add(turn(f0Hz: 120, energy: -25, rate: 4))
        let excited = turn(f0Hz: 120 * pow(2, 3.1 / 12), energy: -19, rate: 5)
        let r = try #require(baseline.relative(excited))
        #expect(r.baselineTurns == 2)
        #expect(abs(r.f0MedianDeltaSemitones! - 3.1) < 0.01)
        #expect(abs(r.energyMeanDeltaDB - 6) < 0.01)
        #expect(abs(r.syllableRateChangePercent! - 25) < 0.01)
        #expect(abs(r.pauseRatioDelta) < 0.001)
    }

    @Test func tooShortTurnsDoNotEstablishABaseline() {
        var baseline = CallerBaseline()
        var short = turn(f0Hz: 120, energy: -25, rate: 4)
        short.speechSec = 0.2
        baseline.add(short)
        #expect(!baseline.isEstablished)
    }
}
