import Testing
import TurnTaking

/// The fast barge-in path: speech onsets on the caller's audio as it arrives, guarded against
/// the engine's own prompt coming back as echo.
@Suite struct ArrivalSpeechDetectorTests {
    /// Feeds `blocks` 10 ms blocks (engine block first, as a session does); returns the index of
    /// each onset and end.
    static func run(_ detector: inout ArrivalSpeechDetector, blocks: Int, engine: (Int) -> Float,
                    caller: (Int) -> Float) -> [(Int, ArrivalSpeechDetector.Onset)] {
        var found: [(Int, ArrivalSpeechDetector.Onset)] = []
        for i in 0..<blocks {
            detector.engineBlock(levelDBFS: engine(i))
            if let onset = detector.callerBlock(levelDBFS: caller(i)) { found.append((i, onset)) }
        }
        return found
    }

    @Test func speechWithNoPromptStartsAfterTheStartThreshold() {
        var d = ArrivalSpeechDetector()
        // 1 s of line noise at −70 dBFS, then speech at −30 dBFS for 1 s, then noise again.
        let found = Self.run(&d, blocks: 300, engine: { _ in -120 }, caller: { (100..<200).contains($0) ? -30 : -70 })
        #expect(found.count == 2)
        #expect(found.first?.0 == 119, "the 20th block of speech (200 ms)")
        #expect(found.first?.1 == .started(speechMs: 200))
        #expect(found.last?.1 == .ended)
        #expect(found.last.map { $0.0 } == 269, "700 ms of silence after the last speech block")
    }

    @Test func echoOfThePromptTenDBDownNeverStartsSpeech() {
        var d = ArrivalSpeechDetector()
        // The prompt at −12 dBFS for 10 s, its echo back 10 dB down (and 60 ms late), no caller.
        let found = Self.run(&d, blocks: 1000, engine: { _ in -12 }, caller: { $0 < 6 ? -70 : -22 })
        #expect(found.isEmpty, "\(found)")
        #expect(d.echoGainDB >= -10.5, "the guard follows the measured echo (\(d.echoGainDB) dB)")
    }

    @Test func soundThatStartsWithThePromptCouldBeItsEchoAndIsLeftToTheListener() {
        var d = ArrivalSpeechDetector()
        // Something at −30 dBFS from the prompt's first blocks on: G.168's 6 dB echo return loss
        // could explain up to −18 dBFS, and a level that never changes with the prompt's reads
        // as its echo (−18 dB) — the echo canceller's path decides instead.
        let found = Self.run(&d, blocks: 400, engine: { _ in -12 }, caller: { $0 < 5 ? -70 : -30 })
        #expect(found.isEmpty, "\(found)")
        #expect(abs(d.echoGainDB - -18) < 0.5, "\(d.echoGainDB)")
    }

    @Test func aCallerLouderThanTheWorstCaseEchoBargesInAtOnce() {
        var d = ArrivalSpeechDetector()
        // The prompt just began; the caller at −4 dBFS is louder than any echo G.168 allows.
        let found = Self.run(&d, blocks: 100, engine: { _ in -12 }, caller: { $0 < 5 ? -70 : -4 })
        #expect(found.first?.0 == 24, "\(found)")
    }

    @Test func onAnEchoFreeLineACallerWellBelowThePromptBargesInAtTheThreshold() {
        var d = ArrivalSpeechDetector()
        // 3 s of prompt at −12 dBFS with nothing coming back (−70 dBFS line noise), then the
        // caller at −30 dBFS over the prompt.
        let found = Self.run(&d, blocks: 600, engine: { _ in -12 }, caller: { $0 < 300 ? -70 : -30 })
        #expect(found.first?.0 == 319, "\(found)")
        #expect(d.echoGainDB < -30, "the guard fell on the quiet line (\(d.echoGainDB) dB)")
    }
}
