import Foundation
import Testing
import TestSupport

/// `ivr replay` refuses what `ivr analyze` and `ivr voices lint` refuse (issue 12).
@Suite struct ReplayRefusalTests {
    @Test("replay of input too short for one 10 ms frame exits 1 (it exited 0 with a 0-second call)")
    func tooShort() throws {
        let dir = try Paths.temporaryDirectory()
        let file = dir.appendingPathComponent("short.wav")
        try TestWAV.write([100, 200, 300], sampleRateHz: 8000, to: file)
        let r = try Watchdog.ivr(["replay", file.path], seconds: 60)
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stderr.contains("\(file.path): too short"), "\(r.stderr)")
    }

    @Test("replay refuses an espeak-ng voice lint rejects, with lint's message")
    func unknownEspeakVoice() throws {
        let dir = try Paths.temporaryDirectory()
        for folder in ["voices", "prompts"] {
            try FileManager.default.copyItem(at: Paths.repoRoot.appendingPathComponent(folder), to: dir.appendingPathComponent(folder))
        }
        let voice = dir.appendingPathComponent("voices/claims-24x7.yaml")
        let text = try String(contentsOf: voice, encoding: .utf8).replacingOccurrences(of: "voice: en-gb-x-rp ", with: "voice: en-gb-x-rpp")
        try text.write(to: voice, atomically: true, encoding: .utf8)
        let lint = try Watchdog.ivr(["voices", "lint", "--root", dir.path, "--quiet"], seconds: 60)
        #expect(lint.status == 1 && lint.stdout.contains("voice 'en-gb-x-rpp' is not an espeak-ng voice"), "\(lint.stdout)")
        let r = try Watchdog.ivr(["replay", "audio-fixtures/calls/calm-caller.wav", "--root", dir.path], seconds: 120)
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stderr.contains("voice 'en-gb-x-rpp' is not an espeak-ng voice"), "\(r.stderr)")
    }

    @Test("--expect naming a folder says so, not 'NSCocoaErrorDomain error 256'")
    func expectFolder() throws {
        let dir = try Paths.temporaryDirectory()
        let r = try Watchdog.ivr(["replay", "audio-fixtures/calls/calm-caller.wav", "--expect", dir.path], seconds: 120)
        #expect(r.status == 1)
        #expect(r.stderr.contains("\(dir.path): not a valid call script: it is a folder"), "\(r.stderr)")
        #expect(!r.stderr.contains("NSCocoaErrorDomain"))
    }

    @Test("replay --out of a caller recording with NaN and infinite samples writes the call (it trapped in the WAV writer)")
    func nanCallerWithOut() throws {
        let dir = try Paths.temporaryDirectory()
        var samples = WAVBytes.tone(hz: 300, rateHz: 8000, count: 24000).map { $0 * 0.1 }
        for i in stride(from: 100, to: 24000, by: 997) { samples[i] = i % 2 == 0 ? .nan : .infinity }
        let file = dir.appendingPathComponent("nan-caller.wav"), out = dir.appendingPathComponent("call.wav")
        try WAVBytes.make(.float32, rateHz: 8000, payload: WAVBytes.floatPayload(samples)).write(to: file)
        let r = try Watchdog.ivr(["replay", file.path, "--out", out.path], seconds: 120)
        #expect(!r.crashed && r.status == 0, "\(r.stderr)")
        let stereo = try StereoWAV.read(out)
        #expect(stereo.left.count > 8000 && stereo.left.allSatisfy(\.isFinite))
    }
}
