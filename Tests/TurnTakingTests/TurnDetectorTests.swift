import Testing
import TurnTaking

/// Feeds a pattern of speech runs, e.g. [(false, 50), (true, 100)], and collects events with frame numbers.
private func run(_ pattern: [(Bool, Int)], config: TurnDetector.Config = .init()) -> [TurnDetector.Event] {
    var detector = TurnDetector(config: config)
    var events: [TurnDetector.Event] = []
    var frame = 0
    for (speech, count) in pattern {
        for _ in 0..<count {
            if let e = detector.process(frame: frame, speech: speech) { events.append(e) }
            frame += 1
        }
    }
    if let e = detector.finish(endFrame: frame) { events.append(e) }
    return events
}

@Suite struct TurnDetectorTests {
    @Test func oneUtteranceMakesOneTurnWithExactBounds() {
        let events = run([(false, 50), (true, 150), (false, 100)])
        #expect(events == [.turnStarted(startFrame: 50), .turnEnded(startFrame: 50, endFrame: 200)])
    }

    @Test func speechShorterThanStartThresholdIsNoTurn() {
        // 190 ms of speech (a cough, "uh") stays below the 200 ms default.
        #expect(run([(false, 10), (true, 19), (false, 100)]).isEmpty)
    }

    @Test func pausesShorterThanEndThresholdStayInOneTurn() {
        // 600 ms pause < 700 ms: one turn spanning both phrases.
        let events = run([(true, 100), (false, 60), (true, 100), (false, 80)])
        #expect(events == [.turnStarted(startFrame: 0), .turnEnded(startFrame: 0, endFrame: 260)])
    }

    @Test func pauseLongerThanEndThresholdSplitsTurns() {
        let events = run([(true, 100), (false, 75), (true, 100), (false, 80)])
        #expect(events == [.turnStarted(startFrame: 0), .turnEnded(startFrame: 0, endFrame: 100),
                           .turnStarted(startFrame: 175), .turnEnded(startFrame: 175, endFrame: 275)])
    }

    @Test func turnEndIsDeclaredOnlyAfterTheSilenceWindow() {
        var detector = TurnDetector()
        for f in 0..<30 { _ = detector.process(frame: f, speech: true) }
        for f in 30..<99 {
            let event = detector.process(frame: f, speech: false)
            #expect(event == nil)
        }
        let last = detector.process(frame: 99, speech: false)
        #expect(last == .turnEnded(startFrame: 0, endFrame: 30))
    }

    @Test func shortGapsWhileStartingAreTolerated() {
        // VAD flicker: 10 frames speech, 3 silent, 10 speech → the turn still starts at frame 0.
        let events = run([(true, 10), (false, 3), (true, 10), (false, 100)])
        #expect(events.first == .turnStarted(startFrame: 0))
    }

    @Test func longGapWhileStartingResets() {
        let events = run([(true, 10), (false, 10), (true, 30), (false, 100)])
        #expect(events.first == .turnStarted(startFrame: 20))
    }

    @Test func thresholdsAreTunable() {
        let config = TurnDetector.Config(startSpeechMs: 500, endSilenceMs: 300)
        #expect(run([(true, 40), (false, 100)], config: config).isEmpty)
        let events = run([(true, 60), (false, 35), (true, 60), (false, 40)], config: config)
        #expect(events.count == 4)
    }

    @Test func streamEndingMidTurnClosesIt() {
        #expect(run([(false, 5), (true, 50)]) == [.turnStarted(startFrame: 5), .turnEnded(startFrame: 5, endFrame: 55)])
    }
}

@Suite struct SpeechGateTests {
    @Test func steadyNoiseCalledVoiceByVADIsNotSpeech() {
        var gate = SpeechGate()
        var speech = 0
        for _ in 0..<300 { if gate.isSpeech(vad: true, energyDBFS: -50) { speech += 1 } }
        // The first frame sets the floor to the noise itself, so no frame stands above it.
        #expect(speech == 0)
    }

    @Test func speechAboveTheFloorWithVADIsSpeech() {
        var gate = SpeechGate()
        for _ in 0..<100 { _ = gate.isSpeech(vad: false, energyDBFS: -60) }
        let withVAD = gate.isSpeech(vad: true, energyDBFS: -30)
        let withoutVAD = gate.isSpeech(vad: false, energyDBFS: -30)
        #expect(withVAD && !withoutVAD)
    }

    @Test func floorRisesSlowlySoAPauseInLoudSpeechIsFound() {
        var gate = SpeechGate()
        for _ in 0..<50 { _ = gate.isSpeech(vad: false, energyDBFS: -70) }
        var speechFrames = 0
        for _ in 0..<100 where gate.isSpeech(vad: true, energyDBFS: -25) { speechFrames += 1 }  // 1 s
        #expect(speechFrames == 100)
        #expect(gate.noiseFloorDBFS! < -66)  // rose ≤ 3 dB in that second
    }

    @Test func digitalSilenceIsNeverSpeech() {
        var gate = SpeechGate()
        let speech = gate.isSpeech(vad: true, energyDBFS: -120)
        #expect(!speech)
    }
}
