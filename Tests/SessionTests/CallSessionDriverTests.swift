import AudioCore
import Dialogue
import Foundation
import Session
import Testing
import TestSupport

/// Drives a session hop by hop with silence from the caller, as a transport would.
private struct Driver {
    let session: CallSession
    var actions: [CallAction] = []
    var engine = [Float](repeating: 1, count: 80)

    init(_ brand: Brand, _ library: PromptLibrary) throws {
        session = try CallSession(brand: brand, rate: .narrowband, prompts: library)
        session.start(into: &actions)
    }

    /// Runs `n` hops; returns the RMS (dBFS) of the engine's audio over them.
    mutating func hops(_ n: Int) -> Float {
        var out: [Float] = []
        for _ in 0..<n {
            engine.withUnsafeMutableBufferPointer { session.hop(caller: nil, engine: $0, into: &actions) }
            out += engine
        }
        return Level.rmsDBFS(out)
    }

    mutating func take() -> [CallAction] { defer { actions.removeAll() }; return actions }
}

@Suite struct CallSessionDriverTests {
    /// Static lines are rendered when the brand is loaded; a line with a caller's value is asked
    /// for with `.render`, silence plays until its audio arrives, then it plays.
    @Test func aLineWithValuesIsRenderedOffTheMediaPathAndPlaysWhenReady() throws {
        let brand = valueBrand()
        let library = try PromptLibrary(brand: brand, baseDirectory: Paths.repoRoot, ratesHz: [8000])
        // bye and "Sorry?" (noInput and noMatch say the same words in the same voice: one rendering); not menu
        #expect(library.preloadedCount == 2)
        var call = try Driver(brand, library)
        let first = call.take()
        let requests = first.compactMap { if case .render(let r) = $0 { r } else { nil } }
        #expect(requests.map(\.utterance.key) == ["menu"])
        #expect(!first.contains { if case .record(let e) = $0 { e.type == "prompt" } else { false } })
        #expect(call.hops(20) < -100, "silence while the line renders")
        #expect(call.session.isSpeaking && !call.session.isAudible)

        let audio = try library.render(requests[0].utterance, rateHz: 8000)
        call.session.promptRendered(requests[0].id, audio: audio, into: &call.actions)
        let recorded = call.take().compactMap { if case .record(let e) = $0 { e } else { nil } }
        #expect(recorded.map(\.type) == ["prompt"])
        #expect(recorded.first?.t == 0.2)
        #expect(call.hops(50) > -40, "the line plays once rendered")
    }

    @Test func aLineThatCannotBeRenderedEndsTheCallAsFailedWithTheReason() throws {
        let brand = valueBrand()
        let library = try PromptLibrary(brand: brand, baseDirectory: Paths.repoRoot, ratesHz: [8000])
        var call = try Driver(brand, library)
        let request = try #require(call.take().compactMap { if case .render(let r) = $0 { r } else { nil } }.first)
        call.session.promptRenderFailed(request.id, reason: "synthesizer unavailable", into: &call.actions)
        #expect(call.take().contains(.hangUp(outcome: .failed, reason: "the line menu could not be rendered: synthesizer unavailable")))
        #expect(call.session.record(voiceID: "v").outcome == .failed)
    }

    /// An out-of-band (RFC 4733) digit drives the flow like a tone in the audio, and the record
    /// says where it came from.
    @Test func anOutOfBandDigitDrivesTheFlow() throws {
        let brand = valueBrand()
        let library = try PromptLibrary(brand: brand, baseDirectory: Paths.repoRoot, ratesHz: [8000])
        var call = try Driver(brand, library)
        _ = call.hops(30)
        call.session.digit("1", into: &call.actions)
        _ = call.hops(300)
        let record = call.session.record(voiceID: "v")
        #expect(record.outcome == .completed)
        #expect(record.statesVisited == ["menu", "bye"])
        #expect(record.events.contains { $0.kind == .dtmf(digit: "1", startSec: 0.3, source: .rfc4733) })
    }

    /// The record's JSON is flat and round-trips to the same events.
    @Test func theRecordRoundTripsThroughItsJSON() throws {
        let brand = valueBrand()
        let library = try PromptLibrary(brand: brand, baseDirectory: Paths.repoRoot, ratesHz: [8000])
        var call = try Driver(brand, library)
        _ = call.hops(10)
        call.session.digit("1", into: &call.actions)
        _ = call.hops(300)
        let record = call.session.record(voiceID: "v")
        let data = try JSONEncoder().encode(record)
        #expect(try JSONDecoder().decode(CallRecord.self, from: data) == record)
        let json = try #require(String(data: data, encoding: .utf8))
        #expect(json.contains(#""type":"dtmf""#) && json.contains(#""source":"rfc4733""#))
    }
}
