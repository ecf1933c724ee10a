import Analysis
import Foundation
import Prosody
import Testing
import TestSupport

/// The F0 track `ivr analyze` reports — the whole pipeline: µ-law file → decoder → resampling →
/// the listener (which tracks F0 on the decoded audio, ahead of noise suppression) — on telephone
/// copies of real speech, against Praat on the originals (audio-fixtures/pitch-reference). It
/// guards the wiring: the tracker alone is held to the same targets in ProsodyTests.
@Suite struct PipelinePitchAccuracyTests {
    @Test func analyzeOnTelephoneCopiesAgreesWithPraatOnOriginals() throws {
        let copies = try PitchReferenceCorpus.makeTelephoneCopies()
        defer { try? FileManager.default.removeItem(at: copies) }
        var order: [String] = [], sexes: [String: String] = [:]
        var results: [String: PitchComparison] = [:]
        for entry in try PitchReferenceCorpus.manifest() {
            let report = try FileAnalyzer.analyze(path: copies.appendingPathComponent(entry.stem + ".ulaw.wav").path)
            let estimate = report.frames.map { PitchTrackPoint(timeSec: $0.t, f0Hz: $0.voiced ? Float($0.f0Hz) : 0) }
            let reference = try PitchEvaluation.parseTrack(try PitchReferenceCorpus.referenceText(entry))
            let c = PitchEvaluation.compare(reference: reference, estimate: estimate)
            if results[entry.speaker] == nil { order.append(entry.speaker); sexes[entry.speaker] = entry.sex }
            results[entry.speaker, default: PitchComparison()] = results[entry.speaker, default: PitchComparison()] + c
        }
        let total = order.reduce(PitchComparison()) { $0 + results[$1]! }
        print("ivr analyze pipeline vs Praat:\n" + PitchComparison.markdownTable(
            order.map { ($0, sexes[$0]!, results[$0]!) } + [("all", "", total)]))
        #expect(total.grossPitchErrorRate <= 0.03)
        #expect(total.voicingDecisionErrorRate <= 0.10)
    }
}
