import Foundation
import Prosody
import Testing
import TestSupport

/// The tracker on telephone copies (300–3400 Hz, 8 kHz, µ-law) of real speech against Praat's
/// tracks of the originals (committed in audio-fixtures/pitch-reference; see its README).
/// Needs sox (scripts/setup.sh) and the codec2-examples / pocketsphinx-testdata packages; no Praat.
@Suite struct PitchAccuracyTests {
    static let maxGrossPitchErrorRate = 0.03
    static let maxVoicingDecisionErrorRate = 0.10

    /// Speakers that miss a per-speaker target today, held to their current figures (rounded up)
    /// so they cannot get worse unnoticed. Praat itself, run on the same telephone copies, does
    /// worse on each of them (README in audio-fixtures/pitch-reference). Remove an entry once the
    /// speaker meets the targets.
    static let knownGaps: [String: (maxGPE: Double, maxVDE: Double, why: String)] = [
        "c2-hts2a": (0.06, 0.10, "200 Hz voice: with F0 cut by the band, a few onset frames lock onto 2·F0 (Praat on the copy: GPE 10.8 %)"),
        "c2-vk5qi": (0.04, 0.10, "radio recording: some frames on 3·F0 where only H3+ survive (Praat on the copy: GPE 11.1 %)"),
        "rav-10": (0.05, 0.10, "very periodic frames tracked at F0/2, some onsets at 2·F0 (Praat on the copy: GPE 10.4 %)"),
        "ps-librivox": (0.03, 0.135, "low-frequency voicing (nasals, voice bars, phrase ends) nearly vanishes below 300 Hz; Praat on the copy: VDE 19.7 %"),
    ]

    @Test func trackerOnTelephoneCopiesAgreesWithPraatOnOriginals() throws {
        let copies = try PitchReferenceCorpus.makeTelephoneCopies()
        defer { try? FileManager.default.removeItem(at: copies) }
        let config = PitchTrackerConfig(sampleRateHz: 8000)

        var order: [String] = []
        var sexes: [String: String] = [:]
        var results: [String: PitchComparison] = [:]
        for entry in try PitchReferenceCorpus.manifest() {
            let samples = try PitchReferenceCorpus.readFloats(copies.appendingPathComponent(entry.stem + ".f32"))
            let estimate = PitchEvaluation.track(try PitchTracker.track(samples: samples, config: config))
            let reference = try PitchEvaluation.parseTrack(try PitchReferenceCorpus.referenceText(entry))
            let c = PitchEvaluation.compare(reference: reference, estimate: estimate)
            if results[entry.speaker] == nil { order.append(entry.speaker); sexes[entry.speaker] = entry.sex }
            results[entry.speaker, default: PitchComparison()] = results[entry.speaker, default: PitchComparison()] + c
        }

        let total = order.reduce(PitchComparison()) { $0 + results[$1]! }
        print(PitchComparison.markdownTable(order.map { ($0, sexes[$0]!, results[$0]!) } + [("all", "", total)]))
        for speaker in order {
            let c = results[speaker]!
            let gap = Self.knownGaps[speaker]
            let maxGPE = gap?.maxGPE ?? Self.maxGrossPitchErrorRate
            let maxVDE = gap?.maxVDE ?? Self.maxVoicingDecisionErrorRate
            #expect(c.grossPitchErrorRate <= maxGPE, "\(speaker): GPE \(Self.percent(c.grossPitchErrorRate))")
            #expect(c.voicingDecisionErrorRate <= maxVDE, "\(speaker): VDE \(Self.percent(c.voicingDecisionErrorRate))")
        }
        #expect(total.grossPitchErrorRate <= Self.maxGrossPitchErrorRate)
        #expect(total.voicingDecisionErrorRate <= Self.maxVoicingDecisionErrorRate)
    }

    static func percent(_ x: Double) -> String { String(format: "%.2f %%", x * 100) }
}
