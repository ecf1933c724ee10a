import AudioCore
import AudioFiles
import CallFixtures
import Foundation
import Testing
import TestSupport

/// `play` steps: a real speaker's recorded utterance in a fixture call.
@Suite struct CallerRecordingTests {
    /// A 440 Hz tone of 1 s at 16 kHz, peak `amplitude`, beside a manifest that plays it.
    func call(_ steps: String, amplitude: Float = 0.1) throws -> (path: String, dir: URL) {
        let dir = try Paths.temporaryDirectory()
        let tone = (0..<16000).map { amplitude * sin(2 * Float.pi * 440 * Float($0) / 16000) }
        try AudioFileWriter.writeWAV(url: dir.appendingPathComponent("tone.wav"), channels: [tone], sampleRateHz: 16000)
        let path = dir.appendingPathComponent("call.yaml").path
        try """
            description: a recorded caller
            voice: claims-24x7
            rateHz: 8000
            script:
            \(steps)
            expect: {outcome: completed}
            """.write(toFile: path, atomically: true, encoding: .utf8)
        return (path, dir)
    }

    @Test func aRecordingIsResampledToTheCallsRateWithItsGain() throws {
        let (path, _) = try call("  - silence: 0.5\n  - play: tone.wav\n    gainDB: 6\n  - silence: 0.25")
        let script = try CallScriptRenderer.load(path: path)
        #expect(script.caller == nil)
        let (samples, starts) = try CallScriptRenderer.render(script, path: path)
        #expect(starts.count == 3 && starts[1] == 0.5 && abs(starts[2] - 1.5) < 0.002, "\(starts)")
        #expect(abs(samples.count - (4000 + 8000 + 2000)) <= 16, "\(samples.count) samples")
        // A sine of peak 0.1 is at −23.0 dBFS RMS; +6 dB. The resampler's filter settles within
        // a few ms, so measure the middle.
        let middle = samples[(4000 + 800)..<(4000 + 7200)]
        #expect(abs(Level.rmsDBFS(middle) - (-23.01 + 6)) < 0.2, "\(Level.rmsDBFS(middle)) dBFS")
        #expect(samples.prefix(4000).allSatisfy { $0 == 0 } && samples.suffix(1000).allSatisfy { abs($0) < 1e-3 })
    }

    @Test func aGainThatWouldClipIsRefusedWithTheHeadroom() throws {
        let (path, dir) = try call("  - play: tone.wav\n    gainDB: 30")
        let script = try CallScriptRenderer.load(path: path)
        let error = #expect(throws: CallScriptError.self) { try CallScriptRenderer.render(script, path: path) }
        let text = error?.description ?? ""
        #expect(text.hasPrefix("\(path): script step 1: \(dir.appendingPathComponent("tone.wav").standardizedFileURL.path):"), "\(text)")
        #expect(text.contains("would clip") && text.contains("at most +20.0 dB"), "\(text)")
    }

    @Test func aMissingRecordingNamesTheManifestTheStepAndTheFile() throws {
        let (path, _) = try call("  - silence: 1\n  - play: ../nowhere/take.wav")
        let script = try CallScriptRenderer.load(path: path)
        let error = #expect(throws: CallScriptError.self) { try CallScriptRenderer.render(script, path: path) }
        let text = error?.description ?? ""
        #expect(text.hasPrefix("\(path): script step 2:") && text.contains("nowhere/take.wav") && text.contains("cannot read"), "\(text)")
    }

    @Test func sayNeedsACallerVoiceAndGainsAreBounded() throws {
        let (path, _) = try call("  - say: \"hello\"")
        let script = try CallScriptRenderer.load(path: path)
        #expect(throws: CallScriptError.invalidStep(path: path, index: 0,
                                                    reason: "a say step needs the script's caller voice (caller: {voice: en-us, …})")) {
            try CallScriptRenderer.render(script, path: path)
        }
        let (loud, _) = try call("  - play: tone.wav\n    gainDB: 100")
        let error = #expect(throws: CallScriptError.self) { try CallScriptRenderer.render(try CallScriptRenderer.load(path: loud), path: loud) }
        #expect(error?.description.contains("gainDB 100.0 is outside -60…60 dB") == true, "\(error?.description ?? "")")
    }
}
