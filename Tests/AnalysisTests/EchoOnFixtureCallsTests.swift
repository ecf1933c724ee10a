import Analysis
import AudioCore
import Foundation
import Testing
import TestSupport

/// The fixture calls replayed (`ivr replay --out`: caller left, engine right, sample-aligned),
/// then listened to again with the engine's side as the far end — as a live call will — with and
/// without its echo (60 ms, −10 dB) leaking into the caller's side.
@Suite struct EchoOnFixtureCallsTests {
    struct Turn: Equatable, CustomStringConvertible {
        var startSec: Double, endSec: Double, label: String
        var description: String { String(format: "%.2f–%.2f %@", startSec, endSec, label) }
    }

    static func turns(_ caller: [Float], farEnd: [Float]?, echoCancellation: Bool) throws -> [Turn] {
        var config = ListenerConfig()
        config.frontEnd.echoCancellation.enabled = echoCancellation
        let listener = try CallerListener(config: config, rate: .narrowband)
        return try listen(listener, caller, farEnd: farEnd).compactMap {
            if case .turnEnded(let t) = $0.event { return Turn(startSec: t.startSec, endSec: t.endSec, label: t.emotion.label.rawValue) }
            return nil
        }
    }

    @Test(arguments: ["calm-caller", "irritated-caller", "bored-caller", "anxious-caller"])
    func turnsAreKeptAndEchoIsIgnored(call: String) throws {
        let dir = try Paths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("\(call).wav")
        let run = try IVRExecutable.run(["replay", "audio-fixtures/calls/\(call).wav", "--out", out.path, "--format", "json"])
        try #require(run.status == 0, "\(run.stderr)")
        let stereo = try StereoWAV.read(out)
        try #require(stereo.sampleRateHz == 8000)
        let caller = stereo.left, engine = stereo.right
        var echoed = caller
        let delay = 480
        for i in delay..<echoed.count { echoed[i] += 0.316 * engine[i - delay] }

        let reference = try Self.turns(caller, farEnd: nil, echoCancellation: true)
        let withFarEnd = try Self.turns(caller, farEnd: engine, echoCancellation: true)
        let echoNoAEC = try Self.turns(echoed, farEnd: engine, echoCancellation: false)
        let echoAEC = try Self.turns(echoed, farEnd: engine, echoCancellation: true)
        print("\(call): reference \(reference)\n  far end given \(withFarEnd)\n  echo, no AEC \(echoNoAEC)\n  echo, AEC \(echoAEC)")
        #expect(echoNoAEC.count > reference.count, "the echo must add turns without the canceller")
        // The canceller changes the caller's audio a little while the engine talks; the turns,
        // their ends and their labels stay. Onsets during a prompt, measured: +10…30 ms with no
        // echo; under the −10 dB echo up to +270 ms for the old synthetic callers, and up to
        // +790 ms for the recorded ones, whose calm turns (−40…−45 dBFS) are 8–14 dB under the echo of the
        // prompts (one gain per caller keeps their shouting unclipped). Ends: within 70 ms.
        try #require(withFarEnd.count == reference.count)
        try #require(echoAEC.count == reference.count)
        for (r, (f, e)) in zip(reference, zip(withFarEnd, echoAEC)) {
            #expect(abs(f.startSec - r.startSec) <= 0.05 && abs(f.endSec - r.endSec) <= 0.1, "\(r) → \(f)")
            #expect(e.startSec - r.startSec >= -0.05 && e.startSec - r.startSec <= 0.8 && abs(e.endSec - r.endSec) <= 0.1,
                    "\(r) → \(e)")
            #expect(f.label == r.label && e.label == r.label, "\(r) → \(f), \(e)")
        }
    }
}
