import Analysis
import Foundation
import Testing
import TestSupport

/// `ivr analyze` as a user runs it: real files, real process, exit status and messages.
@Suite struct AnalyzeCommandTests {
    static let fixture = "audio-fixtures/speech/librivox-caller-pcmu.wav"

    @Test func textOutputSummarisesEachTurn() throws {
        let r = try IVRExecutable.run(["analyze", Self.fixture, "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("3 caller turns, 3 DTMF digits"))
        #expect(r.stdout.contains("Turn 1"))
        #expect(r.stdout.contains("why: "))
        #expect(r.stdout.contains("DTMF: 4 at"))
    }

    @Test func jsonHasTheDocumentedSchemaAndIsByteIdenticalAcrossRuns() throws {
        let a = try IVRExecutable.run(["analyze", Self.fixture, "--format", "json"])
        let b = try IVRExecutable.run(["analyze", Self.fixture, "--format", "json"])
        #expect(a.status == 0)
        #expect(a.stdout == b.stdout)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(a.stdout.utf8)) as? [String: Any])
        #expect(json["file"] as? String == Self.fixture)
        #expect(json["hopMs"] as? Int == 10)
        #expect(json["sampleRateHz"] as? Int == 8000)
        #expect(json["durationSec"] as? Double == 20.47)
        let frame = try #require((json["frames"] as? [[String: Any]])?.first)
        #expect(Set(frame.keys) == ["t", "f0Hz", "voiced", "energyDB", "speech"])
        let turn = try #require((json["turns"] as? [[String: Any]])?.first)
        #expect(turn["startSec"] is Double && turn["endSec"] is Double && turn["prosody"] is [String: Any])
        let emotion = try #require(turn["emotion"] as? [String: Any])
        #expect(Set(emotion.keys) == ["label", "arousal", "confidence", "reasons"])
        let dtmf = try #require(json["dtmf"] as? [[String: Any]])
        #expect(dtmf.map { $0["digit"] as? String } == ["4", "2", "#"])
    }

    // MARK: bad input: a clear message naming the file, non-zero exit, never a crash

    private func expectFailure(_ args: [String], mentioning words: [String],
                               sourceLocation: SourceLocation = #_sourceLocation) throws {
        let r = try IVRExecutable.run(["analyze"] + args)
        #expect(!r.crashed, "crashed: \(r.stderr)", sourceLocation: sourceLocation)
        #expect(r.status != 0, "exit 0 for \(args)", sourceLocation: sourceLocation)
        for w in words {
            #expect(r.stderr.contains(w), "stderr lacks '\(w)': \(r.stderr)", sourceLocation: sourceLocation)
        }
        #expect(r.stdout.isEmpty, sourceLocation: sourceLocation)
    }

    @Test func missingFile() throws {
        try expectFailure(["/nonexistent/call.wav"], mentioning: ["/nonexistent/call.wav", "no such file"])
    }

    @Test func notAudio() throws {
        let dir = try Paths.temporaryDirectory()
        let file = dir.appendingPathComponent("notes.wav")
        try Data("this is a text file, not audio\n".utf8).write(to: file)
        try expectFailure([file.path], mentioning: [file.path, "not an audio file"])
    }

    @Test func zeroLengthAndHeaderOnlyFiles() throws {
        let dir = try Paths.temporaryDirectory()
        let empty = dir.appendingPathComponent("empty.wav")
        try Data().write(to: empty)
        try expectFailure([empty.path], mentioning: [empty.path, "empty"])
        let headerOnly = dir.appendingPathComponent("header-only.wav")
        try sox(["-n", "-r", "8000", "-b", "16", "-c", "1", headerOnly.path, "trim", "0", "0"])
        try expectFailure([headerOnly.path], mentioning: [headerOnly.path])
    }

    @Test func truncatedFile() throws {
        let dir = try Paths.temporaryDirectory()
        let whole = try Data(contentsOf: Paths.repoRoot.appendingPathComponent(Self.fixture))
        let cut = dir.appendingPathComponent("cut.wav")
        try whole.prefix(whole.count / 2).write(to: cut)
        try expectFailure([cut.path], mentioning: [cut.path, "truncated"])
    }

    @Test func oneSampleFile() throws {
        let dir = try Paths.temporaryDirectory()
        let one = dir.appendingPathComponent("one.wav")
        try TestWAV.write([1000], sampleRateHz: 8000, to: one)
        try expectFailure([one.path], mentioning: [one.path, "too short"])
    }

    @Test func rateBelowTelephoneBand() throws {
        let dir = try Paths.temporaryDirectory()
        let low = dir.appendingPathComponent("4k.wav")
        try sox(["-n", "-r", "4000", "-b", "16", "-c", "1", low.path, "synth", "1", "sine", "440"])
        try expectFailure([low.path], mentioning: [low.path, "4000"])
    }

    @Test func sixChannelsNeedAChannelChoice() throws {
        let dir = try Paths.temporaryDirectory()
        let six = dir.appendingPathComponent("six.wav")
        try sox(["-M"] + (0..<6).map { _ in Paths.repoRoot.appendingPathComponent(Self.fixture).path } + [six.path])
        try expectFailure([six.path], mentioning: [six.path, "6 channels", "--channel"])
        let picked = try IVRExecutable.run(["analyze", six.path, "--channel", "4", "--quiet"])
        #expect(picked.status == 0, "\(picked.stderr)")
        #expect(picked.stdout.contains("channel 4 of 6"))
        try expectFailure([six.path, "--channel", "7"], mentioning: ["7", "6"])
    }

    @Test func rate192kHzIsAnalysed() throws {
        let dir = try Paths.temporaryDirectory()
        let hi = dir.appendingPathComponent("192k.wav")
        try sox([Paths.repoRoot.appendingPathComponent(Self.fixture).path, "-r", "192000", "-b", "24", hi.path])
        let r = try IVRExecutable.run(["analyze", hi.path, "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("analysed at 16000 Hz"))
        #expect(r.stdout.contains("3 caller turns, 3 DTMF digits"))
    }

    @Test func badOptionsAreRefusedWithTheRightValues() throws {
        try expectFailure([Self.fixture, "--rate", "11025"], mentioning: ["8000 or 16000"])
        try expectFailure([Self.fixture, "--format", "xml"], mentioning: ["xml"])
        try expectFailure([Self.fixture, "--mix", "--channel", "1"], mentioning: ["--mix"])
    }

    // MARK: issue 12: exit status, hostile files, streaming

    @Test("exit status: 0 ok, 1 bad input, 2 usage error (README \"Exit status\")")
    func exitStatusScheme() throws {
        #expect(try IVRExecutable.run(["analyze", Self.fixture, "--quiet"]).status == 0)
        #expect(try IVRExecutable.run(["analyze", "/nonexistent/call.wav"]).status == 1)
        let unknown = try IVRExecutable.run(["analyze", Self.fixture, "--bogus"])
        #expect(unknown.status == 2, "\(unknown.stderr)")
        #expect(try IVRExecutable.run(["analyze", Self.fixture, "--rate", "11025"]).status == 2)
        #expect(try IVRExecutable.run(["analyze"]).status == 2)
        #expect(try IVRExecutable.run(["frobnicate"]).status == 2)
        let help = try IVRExecutable.run(["analyze", "--help"])
        #expect(help.status == 0 && help.stdout.contains("USAGE"))
    }

    @Test("a file name starting with '-' is a usage error that says how to name it, not help and exit 0")
    func dashFileName() throws {
        let dir = try Paths.temporaryDirectory()
        let name = "-hello.wav"
        try FileManager.default.copyItem(at: Paths.repoRoot.appendingPathComponent(Self.fixture), to: dir.appendingPathComponent(name))
        let r = try IVRExecutable.run(["analyze", name], in: dir)
        #expect(r.status == 2)
        #expect(r.stderr.contains("'./-hello.wav'"), "\(r.stderr)")
        let ok = try IVRExecutable.run(["analyze", "--quiet", "--", name], in: dir)
        #expect(ok.status == 0, "\(ok.stderr)")
    }

    @Test("FIFOs, devices and symlink loops are named for what they are")
    func notRegularFiles() throws {
        let dir = try Paths.temporaryDirectory()
        let fifo = dir.appendingPathComponent("pipe.wav")
        #expect(mkfifo(fifo.path, 0o600) == 0)
        try expectFailure([fifo.path], mentioning: [fifo.path, "FIFO"])
        try expectFailure(["/dev/zero"], mentioning: ["/dev/zero", "device"])
        let a = dir.appendingPathComponent("a.wav"), b = dir.appendingPathComponent("b.wav")
        try FileManager.default.createSymbolicLink(atPath: a.path, withDestinationPath: b.path)
        try FileManager.default.createSymbolicLink(atPath: b.path, withDestinationPath: a.path)
        try expectFailure([a.path], mentioning: [a.path, "loop"])
    }

    @Test("one NaN sample among DTMF tones: no trap, the digits are heard, the count is reported (text and JSON)")
    func nanSampleInCallerAudio() throws {
        let dir = try Paths.temporaryDirectory()
        let pcm = dir.appendingPathComponent("pcm.wav")
        try sox([Paths.repoRoot.appendingPathComponent(Self.fixture).path, "-b", "16", "-e", "signed-integer", pcm.path])
        let source = try TestWAV.read(pcm)
        var samples = source.samples
        samples[5000] = .nan
        samples[5001] = .infinity
        let file = dir.appendingPathComponent("nan.wav")
        try WAVBytes.make(.float32, rateHz: 8000, payload: WAVBytes.floatPayload(samples)).write(to: file)
        let text = try IVRExecutable.run(["analyze", file.path, "--quiet"])
        #expect(!text.crashed && text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("cleaned: 2 NaN/infinite samples replaced"), "\(text.stdout)")
        #expect(text.stdout.contains("3 DTMF digits"))
        let json = try IVRExecutable.run(["analyze", file.path, "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let source2 = try #require(object["source"] as? [String: Any])
        #expect(source2["nonFiniteSamples"] as? Int == 2)
        #expect(source2["clippedSamples"] as? Int == 0)
    }

    @Test("streamed JSON is byte-identical to the whole report encoded at once with JSONEncoder")
    func streamedJSONEqualsWholeReport() throws {
        let path = Paths.repoRoot.appendingPathComponent(Self.fixture).path
        let whole = try FileAnalyzer.analyze(path: path)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let expected = try encoder.encode(whole) + Data("\n".utf8)
        let dir = try Paths.temporaryDirectory()
        let out = dir.appendingPathComponent("streamed.json")
        #expect(FileManager.default.createFile(atPath: out.path, contents: nil))
        let handle = try FileHandle(forWritingTo: out)
        let stream = try AnalysisJSONStream()
        let report = try FileAnalyzer.analyze(path: path, onFrame: stream.append)
        #expect(report.frames.isEmpty && report.frameCount == 2047)
        try stream.finish(report, to: handle)
        try handle.close()
        #expect(try Data(contentsOf: out) == expected)
    }
}
