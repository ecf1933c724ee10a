import Prosody
import Testing
import TestSupport

@Suite struct PitchEvaluationTests {
    private func points(_ f0: [Float], start: Double = 0.005) -> [PitchTrackPoint] {
        f0.enumerated().map { PitchTrackPoint(timeSec: start + Double($0.offset) * 0.01, f0Hz: $0.element) }
    }

    @Test func countsGrossAndVoicingErrors() {
        let reference = points([0, 100, 100, 100, 200, 0])
        let estimate = points([0, 100, 119, 121, 0, 150])
        let c = PitchEvaluation.compare(reference: reference, estimate: estimate)
        #expect(c.frames == 6 && c.bothVoiced == 3 && c.grossPitchErrors == 1 && c.voicingErrors == 2)
        #expect(abs(c.grossPitchErrorRate - 1.0 / 3) < 1e-9 && abs(c.voicingDecisionErrorRate - 2.0 / 6) < 1e-9)
    }

    @Test func alignsByNearestFrameTimeAndSkipsFramesOutsideTheEstimate() {
        // The reference starts 2 frames later and runs 2 frames past the estimate's end.
        let reference = points([100, 100, 100, 100], start: 0.0251)
        let estimate = points([0, 0, 100, 100], start: 0.005)
        let c = PitchEvaluation.compare(reference: reference, estimate: estimate)
        #expect(c.frames == 2 && c.voicingErrors == 0 && c.bothVoiced == 2)
    }

    @Test func parsesTracksAndSaysWhereTheyAreWrong() throws {
        let track = try PitchEvaluation.parseTrack("# header\n0.025 0\n0.035 101.5\n\n")
        #expect(track == [PitchTrackPoint(timeSec: 0.025, f0Hz: 0), PitchTrackPoint(timeSec: 0.035, f0Hz: 101.5)])
        #expect(throws: PitchTrackParseError.self) { try PitchEvaluation.parseTrack("0.025 0\n0.035 x\n") }
    }

    @Test func comparisonsAddUp() {
        let a = PitchEvaluation.compare(reference: points([100, 0]), estimate: points([100, 100]))
        let b = PitchEvaluation.compare(reference: points([100]), estimate: points([300]))
        let sum = a + b
        #expect(sum.frames == 3 && sum.voicingErrors == 1 && sum.grossPitchErrors == 1 && sum.bothVoiced == 2)
    }
}
