import AudioCore
import AudioFiles
import Foundation
import Testing
import TestSupport

/// Issue 12's audio reproducers: what a hostile or broken file does at the edge where audio
/// enters. Each was a crash, a hang or a silent misreading before.
@Suite struct HostileAudioTests {
    @Test("NaN samples become 0 and ±inf full scale, each counted; finite samples are untouched")
    func nonFiniteSamplesAreReplacedAndCounted() throws {
        let files = try Fixtures()
        let samples: [Float] = [0.25, .nan, -0.5, .infinity, -.infinity, 0.125, Float(bitPattern: 0x7FC0_1234), 3.0]
        let file = files.url("nan.wav")
        try WAVBytes.make(.float32, rateHz: 8000, payload: WAVBytes.floatPayload(samples)).write(to: file)
        let decoded = try AudioFileReader.load(url: file)
        #expect(decoded.audio.samples == [0.25, 0, -0.5, 1, -1, 0.125, 0, 1])
        #expect(decoded.sanitizer.nonFiniteSamples == 4)
        #expect(decoded.sanitizer.clippedSamples == 1)
    }

    @Test("an infinite sample is read as full scale, not as digital silence")
    func infinityIsNotSilence() throws {
        let files = try Fixtures()
        let file = files.url("inf.wav")
        try WAVBytes.make(.float32, rateHz: 8000, payload: WAVBytes.floatPayload([Float](repeating: .infinity, count: 160))).write(to: file)
        let audio = try AudioFileReader.read(url: file)
        #expect(audio.samples.allSatisfy { $0 == 1 })
    }

    @Test("the mix of a stereo file with NaN in one channel stays finite")
    func mixWithNaNStaysFinite() throws {
        let files = try Fixtures()
        let file = files.url("nanstereo.wav")
        let interleaved: [Float] = [0.5, .nan, 0.5, .infinity]
        try WAVBytes.make(.float32, rateHz: 8000, channels: 2, payload: WAVBytes.floatPayload(interleaved)).write(to: file)
        let decoded = try AudioFileReader.load(url: file, channel: .mix)
        #expect(decoded.audio.samples == [0.25, 0.75])
        #expect(decoded.sanitizer.nonFiniteSamples == 2)
    }

    @Test("SampleConversion.toInt16 is total: NaN → 0, ±inf → full scale")
    func toInt16NeverTraps() {
        #expect(SampleConversion.toInt16(.nan) == 0)
        #expect(SampleConversion.toInt16(-.nan) == 0)
        #expect(SampleConversion.toInt16(.infinity) == .max)
        #expect(SampleConversion.toInt16(-.infinity) == .min)
        #expect(SampleConversion.toInt16(.greatestFiniteMagnitude) == .max)
    }

    @Test("writing NaN/inf samples gives a valid WAV (NaN written as 0) instead of trapping")
    func writerAcceptsNonFinite() throws {
        let files = try Fixtures()
        let file = files.url("out.wav")
        try AudioFileWriter.writeWAV(url: file, channels: [[0.5, .nan, .infinity, -.infinity]], sampleRateHz: 8000)
        let back = try AudioFileReader.read(url: file).samples
        #expect(back == [0.5, 0, Float(Int16.max) / 32768, -1])
    }

    @Test("the streaming reader delivers the same samples as the whole read, at the asked rate, block by block")
    func streamingMatchesWholeRead() throws {
        let files = try Fixtures()
        let file = try files.synth("tone.wav", rateHz: 16000, seconds: 1.3, tones: [440])
        let whole = try AudioFileReader.read(url: file).samples
        let reader = try AudioStreamReader(url: file)
        var streamed: [Float] = []
        var hop = [Float](repeating: 0, count: 160)
        while true {
            let n = try reader.read(into: &hop)
            streamed += hop[0..<n]
            if n < hop.count { break }
        }
        #expect(streamed == whole)
        let at8k = try AudioStreamReader(url: file, outputRateHz: 8000)
        var count = 0
        while true {
            let n = try at8k.read(into: &hop)
            count += n
            if n == 0 { break }
        }
        #expect(count == 10400, "1.3 s at 8 kHz")
        #expect(at8k.expectedOutputCount == 10400)
    }

    // MARK: not a file

    @Test("a FIFO and a device are named for what they are, not 'empty (0 bytes)'")
    func specialFiles() throws {
        let files = try Fixtures()
        let fifo = files.url("pipe.wav")
        #expect(mkfifo(fifo.path, 0o600) == 0)
        let e1 = audioFileError { _ = try AudioFileReader.read(url: fifo) }
        #expect(e1?.description.contains("FIFO") == true, "\(String(describing: e1))")
        let e2 = audioFileError { _ = try AudioFileReader.read(url: URL(fileURLWithPath: "/dev/zero")) }
        #expect(e2?.description == "/dev/zero: cannot be read: it is a device, not a file; give the path of a recording")
    }

    @Test("a symbolic link loop and a dangling link are told apart from a missing file")
    func symlinks() throws {
        let files = try Fixtures()
        let a = files.url("a.wav"), b = files.url("b.wav"), dangling = files.url("d.wav")
        try FileManager.default.createSymbolicLink(atPath: a.path, withDestinationPath: b.path)
        try FileManager.default.createSymbolicLink(atPath: b.path, withDestinationPath: a.path)
        try FileManager.default.createSymbolicLink(atPath: dangling.path, withDestinationPath: files.url("nowhere.wav").path)
        let loop = audioFileError { _ = try AudioFileReader.read(url: a) }
        #expect(loop?.description.contains("loop of symbolic links") == true, "\(String(describing: loop))")
        let gone = audioFileError { _ = try AudioFileReader.read(url: dangling) }
        #expect(gone?.description.contains("symbolic link to") == true, "\(String(describing: gone))")
    }

    // MARK: damage libsndfile reads past

    @Test("a µ-law WAV whose data chunk is smaller than its data is refused, not read as 0.01 s")
    func wavDataSizeTooSmall() throws {
        let files = try Fixtures()
        let file = files.url("short-chunk.wav")
        let payload = [UInt8](repeating: 0x55, count: 8000)
        try WAVBytes.make(.ulaw, rateHz: 8000, payload: payload, dataSize: 80).write(to: file)
        let error = audioFileError { _ = try AudioFileReader.read(url: file) }
        guard case let .damaged(path, reason)? = error else { Issue.record("\(String(describing: error))"); return }
        #expect(path == file.path)
        #expect(reason.contains("data chunk announces 80 bytes"), "\(reason)")
    }

    @Test("a WAV with a chunk after its data (LIST) still reads")
    func wavWithTrailingChunkReads() throws {
        let files = try Fixtures()
        var data = WAVBytes.make(.pcm16, rateHz: 8000, payload: WAVBytes.pcm16Payload([Int16](repeating: 1000, count: 800)))
        data.append(contentsOf: Array("LIST".utf8) + [4, 0, 0, 0] + Array("INFO".utf8))
        let file = files.url("list.wav")
        try data.write(to: file)
        #expect(try AudioFileReader.read(url: file).samples.count == 800)
    }

    private func opus(_ files: Fixtures, _ name: String, seconds: Double = 3) throws -> URL {
        let wav = try files.speech("src-\(name).wav", rateHz: 16000)
        let out = files.url(name)
        try ExternalTool.ffmpeg(["-i", wav.path, "-t", String(seconds), "-c:a", "libopus", "-b:a", "24k", out.path])
        return out
    }

    @Test("a changed byte inside an Ogg page fails its checksum and is refused with the offset")
    func oggBitFlip() throws {
        let files = try Fixtures()
        let good = try opus(files, "good.ogg")
        var bytes = try Data(contentsOf: good)
        bytes[bytes.count / 2] ^= 0x10
        let bad = files.url("flipped.ogg")
        try bytes.write(to: bad)
        let error = audioFileError { _ = try AudioFileReader.read(url: bad) }
        guard case let .damaged(_, reason)? = error else { Issue.record("\(String(describing: error))"); return }
        #expect(reason.contains("fails its checksum") || reason.contains("not an Ogg page"), "\(reason)")
        #expect(try AudioFileReader.read(url: good).samples.count > 0, "the intact file reads")
    }

    @Test("a chained Ogg (two streams one after the other) is refused, not read as its first stream")
    func chainedOgg() throws {
        let files = try Fixtures()
        let a = try opus(files, "a.ogg", seconds: 1), b = try opus(files, "b.ogg", seconds: 1)
        let chained = files.url("chained.ogg")
        try (try Data(contentsOf: a) + Data(contentsOf: b)).write(to: chained)
        let error = audioFileError { _ = try AudioFileReader.read(url: chained) }
        guard case let .damaged(_, reason)? = error else { Issue.record("\(String(describing: error))"); return }
        #expect(reason.contains("chained Ogg"), "\(reason)")
    }
}
