import Analysis
import Foundation
import Testing
import TestSupport

@Suite struct FileAnalyzerTests {
    static let fixture = Paths.audioFixtures.appendingPathComponent("speech/librivox-caller-pcmu.wav").path

    @Test func fixtureCallHasItsThreeUtterancesAndDigits() throws {
        let report = try FileAnalyzer.analyze(path: Self.fixture)
        #expect(report.sampleRateHz == 8000)
        #expect(report.source.sampleRateHz == 8000)
        #expect(report.frames.count == 2047)
        // The fixture (audio-fixtures/speech/README.md): utterances at 0.6–7.7, 10.38–13.37 and
        // 14.37–19.67 s; digits 4, 2, # starting at 8.90, 9.06, 9.22 s.
        try #require(report.turns.count == 3)
        let utterances: [ClosedRange<Double>] = [0.6...7.7, 10.38...13.37, 14.37...19.67]
        for (turn, utterance) in zip(report.turns, utterances) {
            #expect(turn.startSec >= utterance.lowerBound - 0.05 && turn.startSec < utterance.lowerBound + 0.5)
            #expect(turn.endSec <= utterance.upperBound + 0.05 && turn.endSec > utterance.upperBound - 0.5)
        }
        #expect(report.dtmf.map(\.digit) == ["4", "2", "#"])
        for (digit, start) in zip(report.dtmf, [8.90, 9.06, 9.22]) {
            #expect(abs(digit.t - start) < 0.02, "digit \(digit.digit) at \(digit.t), tone began at \(start)")
        }
    }

    @Test func laterTurnsAreJudgedAgainstTheCallersBaseline() throws {
        let turns = try FileAnalyzer.analyze(path: Self.fixture).turns
        #expect(turns.first?.prosody.relative == nil)
        #expect(turns.dropFirst().allSatisfy { $0.prosody.relative != nil })
        #expect(turns.allSatisfy { !$0.emotion.reasons.isEmpty && (-1...1).contains($0.emotion.arousal) })
    }

    @Test func framesAreEvenlySpacedAndSilenceIsNotSpeech() throws {
        let frames = try FileAnalyzer.analyze(path: Self.fixture).frames
        for (i, f) in frames.enumerated() { #expect(abs(f.t - (Double(i) + 0.5) * 0.01) < 1e-9) }
        // 0–0.6 s is digital silence.
        #expect(frames.prefix(55).allSatisfy { !$0.speech && !$0.voiced && $0.f0Hz == 0 })
    }

    @Test func wideband16kHzSourceRunsAt16kHzAndFindsTheSameTurns() throws {
        let dir = try Paths.temporaryDirectory()
        let wide = dir.appendingPathComponent("wide.flac").path
        try sox([Self.fixture, "-r", "16000", wide])
        let report = try FileAnalyzer.analyze(path: wide)
        #expect(report.sampleRateHz == 16000)
        #expect(report.turns.count == 3)
        #expect(report.dtmf.map(\.digit) == ["4", "2", "#"])
    }
}

/// Runs sox (installed by scripts/setup.sh) with repeatable random numbers.
func sox(_ arguments: [String]) throws { try ExternalTool.sox(["-R"] + arguments) }
