import TestSupport
import Foundation
import Testing
import AudioFiles

/// Every way a file can be wrong gives an error that names the file, says what is wrong and
/// what would be right; none crashes or returns audio that is not the recording.
@Suite struct AudioFileReaderErrorTests {
    @Test func missingFile() throws {
        let files = try Fixtures()
        let path = files.url("nope.wav")
        let error = audioFileError { _ = try AudioFileReader.read(url: path) }
        #expect(error == .fileNotFound(path: path.path))
        #expect(error?.description == "\(path.path): no such file; check the path (relative paths start at the current directory)")
        #expect(audioFileError { _ = try AudioFileReader.info(url: path) } == .fileNotFound(path: path.path))
    }

    @Test func directory() throws {
        let files = try Fixtures()
        let error = audioFileError { _ = try AudioFileReader.read(url: files.dir) }
        guard case let .notReadable(path, reason) = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(path == files.dir.path)
        #expect(reason.contains("is a directory"))
    }

    @Test(.enabled(if: getuid() != 0, "root reads every file"))
    func noReadPermission() throws {
        let files = try Fixtures()
        let file = try files.synth("locked.wav", rateHz: 8000, seconds: 0.1, tones: [440])
        try FileManager.default.setAttributes([.posixPermissions: 0o000], ofItemAtPath: file.path)
        let error = audioFileError { _ = try AudioFileReader.read(url: file) }
        guard case let .notReadable(_, reason) = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(reason.contains("permission denied"))
    }

    @Test func textFileNamedWav() throws {
        let files = try Fixtures()
        let file = files.url("notes.wav")
        try "caller said hello\n".write(to: file, atomically: true, encoding: .utf8)
        let error = audioFileError { _ = try AudioFileReader.read(url: file) }
        #expect(error == .notAudioFile(path: file.path, reason: "Format not recognised"))
        #expect(error?.description.hasPrefix("\(file.path): not an audio file libsndfile can read (Format not recognised); expected WAV") == true)
    }

    @Test("a file libsndfile recognises but cannot parse is reported as damaged, with its reason")
    func damagedHeader() throws {
        let files = try Fixtures()
        let good = try files.synth("good.wav", rateHz: 8000, seconds: 0.1, tones: [440])
        var bytes = try Data(contentsOf: good)
        bytes[22] = 0; bytes[23] = 0  // the fmt chunk's channel count (canonical 44-byte header)
        let bad = files.url("bad.wav")
        try bytes.write(to: bad)
        let error = audioFileError { _ = try AudioFileReader.read(url: bad) }
        #expect(error == .damaged(path: bad.path, reason: "Channel count is zero"))
        #expect(error?.description == "\(bad.path): a damaged audio file: Channel count is zero; it was cut off or "
                + "corrupted: use an intact copy or export it again")
    }

    @Test func zeroByteFile() throws {
        let files = try Fixtures()
        let file = files.url("empty.wav")
        _ = FileManager.default.createFile(atPath: file.path, contents: Data())
        #expect(audioFileError { _ = try AudioFileReader.read(url: file) } == .emptyFile(path: file.path))
    }

    @Test("a WAV cut in half is refused, saying how much the header announced and how much is there")
    func truncatedWAV() throws {
        let files = try Fixtures()
        let full = try files.synth("call.wav", rateHz: 8000, seconds: 2, tones: [440])
        let size = try #require(try FileManager.default.attributesOfItem(atPath: full.path)[.size] as? Int)
        let half = try files.cut(full, to: "half.wav", bytes: size / 2)
        let error = audioFileError { _ = try AudioFileReader.read(url: half) }
        guard case let .truncated(path, .headerAnnounces(announced), available, rate) = error else {
            Issue.record("got \(String(describing: error))"); return
        }
        #expect(path == half.path && announced == 16000 && rate == 8000)
        #expect(abs(available - 8000) <= 40, "about half remains: \(available)")
        #expect(error!.description.contains("the header announces 2.000 s (16000 frames) but the file holds only"))

        let info = try AudioFileReader.info(url: half)
        #expect(info.truncation == .headerAnnounces(frames: 16000))
        #expect(info.frames == available)
        #expect(try AudioFileReader.info(url: full).truncation == nil)

        // Only the header left: announced audio, none present.
        let headerOnly = try files.cut(full, to: "header.wav", bytes: 44)
        let headerError = audioFileError { _ = try AudioFileReader.read(url: headerOnly) }
        #expect(headerError == .truncated(path: headerOnly.path, truncation: .headerAnnounces(frames: 16000),
                                          availableFrames: 0, sampleRateHz: 8000))
    }

    @Test("AIFF and AU files cut in half are refused as truncated too", arguments: ["aiff", "au"])
    func truncatedOtherContainers(ext: String) throws {
        let files = try Fixtures()
        let full = try files.synth("call.\(ext)", rateHz: 8000, seconds: 2, tones: [440])
        let size = try #require(try FileManager.default.attributesOfItem(atPath: full.path)[.size] as? Int)
        let half = try files.cut(full, to: "half.\(ext)", bytes: size / 2)
        let error = audioFileError { _ = try AudioFileReader.read(url: half) }
        guard case let .truncated(_, .headerAnnounces(announced), available, _) = error else {
            Issue.record("got \(String(describing: error))"); return
        }
        #expect(announced == 16000 && abs(available - 8000) <= 40)
        #expect(try AudioFileReader.read(url: full).samples.count == 16000)
    }

    @Test("a cut FLAC stops with the decoder's reason; a cut Ogg/Opus stream is refused as not closed")
    func truncatedCompressedFiles() throws {
        let files = try Fixtures()
        let wav = try files.speech("speech.wav", rateHz: 16000)
        let flac = files.url("speech.flac")
        try ExternalTool.sox([wav.path, flac.path])
        let flacSize = try #require(try FileManager.default.attributesOfItem(atPath: flac.path)[.size] as? Int)
        let cutFlac = try files.cut(flac, to: "cut.flac", bytes: flacSize / 2)
        let flacError = audioFileError { _ = try AudioFileReader.read(url: cutFlac) }
        switch flacError {
        case let .readFailed(_, frame, announced, _, reason):
            #expect(announced == 48000 && frame < announced && !reason.isEmpty)
        case let .truncated(_, .headerAnnounces(announced), available, _):
            #expect(announced == 48000 && available < announced)
        default:
            Issue.record("got \(String(describing: flacError))")
        }

        let opus = files.url("speech.opus")
        try ExternalTool.ffmpeg(["-i", wav.path, "-c:a", "libopus", "-b:a", "24k", opus.path])
        let opusSize = try #require(try FileManager.default.attributesOfItem(atPath: opus.path)[.size] as? Int)
        let cutOpus = try files.cut(opus, to: "cut.opus", bytes: opusSize / 2)
        let opusError = audioFileError { _ = try AudioFileReader.read(url: cutOpus) }
        guard case let .truncated(_, .streamNotClosed, available, 16000) = opusError else {
            Issue.record("got \(String(describing: opusError))"); return
        }
        #expect(available > 8000 && available < 48000)
        #expect(opusError!.description.contains("without its end-of-stream page"))
        let info = try AudioFileReader.info(url: cutOpus)
        #expect(info.truncation == .streamNotClosed && info.frames == available)
    }

    @Test("a valid header with no audio is refused as holding no audio")
    func zeroLengthWAV() throws {
        let files = try Fixtures()
        let file = files.url("nothing.wav")
        try ExternalTool.sox(["-n", "-r", "8000", "-c", "1", "-b", "16", file.path, "trim", "0", "0"])
        #expect(try AudioFileReader.info(url: file).frames == 0)
        #expect(audioFileError { _ = try AudioFileReader.read(url: file) } == .noAudio(path: file.path))
    }

    @Test("sample rates below 8 kHz are refused with the supported range")
    func rateBelowTelephoneBand() throws {
        let files = try Fixtures()
        let file = try files.synth("4k.wav", rateHz: 4000, seconds: 1, tones: [440])
        let error = audioFileError { _ = try AudioFileReader.read(url: file) }
        #expect(error == .unsupportedSampleRate(path: file.path, rateHz: 4000))
        #expect(error?.description == "\(file.path): sample rate 4000 Hz is outside the supported 8000…192000 Hz "
                + "(below the telephone band: a call needs at least 8000 Hz)")
        #expect(try AudioFileReader.info(url: file).sampleRateHz == 4000, "info still describes the file")
    }

    @Test("more than two channels need an explicit channel; out-of-range channels say how many there are")
    func channelErrors() throws {
        let files = try Fixtures()
        let six = try files.synth("six.wav", rateHz: 8000, channels: 6, seconds: 0.5, tones: [300, 500, 700, 900, 1100, 1300])
        let error = audioFileError { _ = try AudioFileReader.read(url: six) }
        #expect(error == .ambiguousChannels(path: six.path, channels: 6))
        #expect(error?.description.contains("pick the caller's channel with --channel N (1…6)") == true)
        for bad in [0, 7, -1] {
            #expect(audioFileError { _ = try AudioFileReader.read(url: six, channel: .channel(bad)) }
                    == .channelOutOfRange(path: six.path, requested: bad, channels: 6))
        }
        #expect(AudioFileError.channelOutOfRange(path: "a.wav", requested: 7, channels: 6).description
                == "a.wav: channel 7 does not exist; the file has 6 channels: pick one of channels 1…6")
        let mono = try files.synth("mono.wav", rateHz: 8000, seconds: 0.1, tones: [440])
        #expect(AudioFileError.channelOutOfRange(path: mono.path, requested: 2, channels: 1)
                == audioFileError { _ = try AudioFileReader.read(url: mono, channel: .channel(2)) })
    }
}
