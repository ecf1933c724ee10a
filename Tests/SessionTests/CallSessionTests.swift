import AudioCore
import Dialogue
import Foundation
import Session
import CallFixtures
import Testing
import TestSupport
import TurnTaking

/// A two-state brand: a long menu prompt waiting for one digit; 1 → goodbye (completed), and
/// "0" → a human.
private func menuBrand() -> Brand {
    let voice = VoiceProfile(id: "t", brand: "T", languages: ["en"], disclosure: false, promptSet: "t",
                             synthesis: SynthesisSettings(voice: "en-us", variant: "m3", rateWPM: 170))
    let en = LanguagePrompts(language: "en", lines: [
        "menu": [.default: PromptLine(text: "Welcome. For your balance press one. For anything else, please stay on the line and an agent will help you shortly.")],
        "bye": [.default: PromptLine(text: "Goodbye.")],
        "human": [.default: PromptLine(text: "Connecting you.")],
        .noInput: [.default: PromptLine(text: "Sorry, I did not hear anything.")],
        .noMatch: [.default: PromptLine(text: "Sorry, that is not an option.")],
    ])
    let flow = Flow(id: "t", start: "menu", states: [
        FlowState(id: "menu", prompts: [PromptRef("menu")], input: .dtmf(.menu), digits: ["1": "bye"]),
        FlowState(id: "bye", prompts: [PromptRef("bye")], terminal: .hangUp(.completed)),
        FlowState(id: "human", prompts: [PromptRef("human")], terminal: .transfer(target: "queue:agents")),
    ], human: HumanEscape(key: "0", state: "human"))
    return Brand(voice: voice, prompts: PromptSet(id: "t", languages: [en]), flow: flow)
}

private let library = try! PromptLibrary(brand: menuBrand(), baseDirectory: Paths.repoRoot, ratesHz: [8000])

private func replay(_ caller: [Float]) throws -> CallReplayer.Result {
    try CallReplayer.replay(callerAudio: caller, rate: .narrowband, brand: menuBrand(), voiceID: "t", prompts: library)
}

@Suite struct CallSessionTests {
    @Test func digitAfterTheMenuCompletesTheCall() throws {
        let caller = [Float](repeating: 0, count: 8000 * 9) + (try DTMFGenerator.samples(for: "1"))
            + [Float](repeating: 0, count: 8000 * 4)
        let r = try replay(caller)
        #expect(r.record.outcome == .completed)
        #expect(r.record.events.first?.kind == .callStarted)
        #expect(r.record.statesVisited == ["menu", "bye"])
        let digits = r.record.events.compactMap { if case .dtmf(let d, let start, let source) = $0.kind { (d, start, source) } else { nil } }
        #expect(digits.map(\.0) == ["1"] && digits.map(\.2) == [.inBand])
        #expect(abs(digits[0].1 - 9.0) < 0.03)
        #expect(r.record.prompts.map(\.key) == ["menu", "bye"])
        // The engine channel carries the prompts: audible during the menu, silent after "bye".
        #expect(r.engineAudio.count == r.callerAudio.count)
        #expect(Level.rmsDBFS(r.engineAudio.prefix(8000 * 2)) > -40)
    }

    @Test func speechOverThePromptIsABargeInThatStopsIt() throws {
        let speech = try TestWAV.read(Paths.codec2Wav.appendingPathComponent("hts1a.wav")).samples
        let caller = [Float](repeating: 0, count: 8000) + speech + [Float](repeating: 0, count: 8000 * 3)
        let r = try replay(caller)
        let barge = try #require(r.record.events.first { $0.type == "bargeIn" })
        #expect(barge.t > 1.1 && barge.t < 1.6, "barge-in declared at \(barge.t) s")
        // After the barge-in (plus the 10 ms hop it is declared in) the engine is silent.
        let cut = Int(barge.t * 8000) + 80
        #expect(Level.rmsDBFS(r.engineAudio[cut..<min(cut + 8000, r.engineAudio.count)]) < -100)
        #expect(r.record.events.contains { $0.type == "callerTurn" })
    }

    /// The fast path (`callerArrived`, fed by a replay with each hop): the prompt stops when the
    /// start threshold (200 ms) of speech has arrived, not after the echo canceller's lag.
    @Test func bargeInComesAtTheStartThresholdAfterTheSpeechOnset() throws {
        let speech = try TestWAV.read(Paths.codec2Wav.appendingPathComponent("hts1a.wav")).samples
        let onset = try #require(stride(from: 0, to: speech.count - 80, by: 80).first { Level.rmsDBFS(speech[$0..<$0 + 80]) > -35 })
        let caller = [Float](repeating: 0, count: 8000 * 2) + speech[onset...] + [Float](repeating: 0, count: 8000 * 3)
        let r = try replay(caller)
        let barge = try #require(r.record.events.first { $0.type == "bargeIn" })
        guard case .bargeIn(let startSec) = barge.kind else { Issue.record("\(barge)"); return }
        #expect(barge.t >= 2.19 && barge.t <= 2.21, "declared at \(barge.t) s for speech from 2.00 s")
        #expect(abs(startSec - 2.0) <= 0.02, "speech from \(startSec) s")
    }

    /// A closed loop: the engine's own prompt leaks back into the caller's audio 10 dB down and
    /// 60 ms late (a gateway's echo), through both paths. It must not barge in on itself; the
    /// caller speaking over it later still does.
    @Test func thePromptsOwnEchoDoesNotBargeInButTheCallerDoes() throws {
        let speech = try TestWAV.read(Paths.codec2Wav.appendingPathComponent("hts1a.wav")).samples
        let session = try CallSession(brand: menuBrand(), rate: .narrowband, prompts: library)
        var actions: [CallAction] = []
        session.start(into: &actions)
        var engineOut: [Float] = []
        var caller = [Float](repeating: 0, count: 80)
        let speechFromHop = 400  // 4 s into the menu prompt
        for h in 0..<700 where !session.isOver {
            for i in 0..<80 {
                let n = h * 80 + i
                let echo = n >= 480 && n - 480 < engineOut.count ? 0.316 * engineOut[n - 480] : 0
                let s = n - speechFromHop * 80
                caller[i] = echo + (s >= 0 && s < speech.count ? speech[s] : 0)
            }
            var engine = [Float](repeating: 0, count: 80)
            caller.withUnsafeBufferPointer { c in
                session.callerArrived(c, into: &actions)
                engine.withUnsafeMutableBufferPointer { session.hop(caller: c, engine: $0, into: &actions) }
            }
            engineOut += engine
        }
        let barges = session.events.filter { $0.type == "bargeIn" }
        #expect(barges.count == 1, "\(barges)")
        #expect((barges.first?.t ?? 0) >= Double(speechFromHop) / 100, "no barge-in before the caller speaks: \(barges)")
        #expect((barges.first?.t ?? 99) < Double(speechFromHop) / 100 + 0.5, "\(barges)")
    }

    @Test func zeroReachesAHumanFromTheMenu() throws {
        let caller = [Float](repeating: 0, count: 8000 * 2) + (try DTMFGenerator.samples(for: "0"))
            + [Float](repeating: 0, count: 8000 * 4)
        let r = try replay(caller)
        #expect(r.record.outcome == .transferred)
        #expect(r.record.events.contains { $0.kind == .transfer(target: "queue:agents", reason: "human: caller pressed 0 for a human") })
        #expect(r.record.events.last?.type == "hangup")
    }

    @Test func endOfRecordingIsTheCallerHangingUp() throws {
        let r = try replay([Float](repeating: 0, count: 8000 * 3))
        #expect(r.record.outcome == .callerHungUp)
    }
}

@Suite struct RecordedPromptTests {
    /// A line with a recording plays the recording (resampled to the call rate), not synthesis.
    @Test func aPreRecordedLineIsPlayedAsRecorded() throws {
        let dir = try Paths.temporaryDirectory()
        let tone = Signals.sine(frequencyHz: 440, sampleRateHz: 16000, durationSec: 1.0, amplitude: 0.3)
        try TestWAV.write(tone.map { Int16($0 * 32767) }, sampleRateHz: 16000, to: dir.appendingPathComponent("hello.wav"))
        var brand = menuBrand()
        var en = brand.prompts.languages["en"]!
        en.lines["menu"] = [.default: PromptLine(text: "Welcome (recorded).", audioPath: "hello.wav")]
        brand.prompts.languages["en"] = en
        let r = try CallReplayer.replay(callerAudio: [Float](repeating: 0, count: 8000 * 3), rate: .narrowband, brand: brand,
                                        voiceID: "t", prompts: try PromptLibrary(brand: brand, baseDirectory: dir, ratesHz: [8000]))
        let prompt = try #require(r.record.prompts.first)
        #expect(prompt.delivery == "recording hello.wav")
        #expect(prompt.durationSec == 1.0)
        // 1 s of 440 Hz at -13.5 dBFS RMS, then silence.
        #expect(abs(Level.rmsDBFS(r.engineAudio[800..<7200]) - Level.rmsDBFS(tone)) < 0.5)
        #expect(Level.rmsDBFS(r.engineAudio[8800..<16000]) < -100)
    }
}
