import Foundation
import Testing
import AudioFiles

@Suite struct AudioFileWriterTests {
    @Test("a stereo WAV round-trips to 16-bit precision, channels in order")
    func stereoRoundTrip() throws {
        let files = try Fixtures()
        let file = files.url("call.wav")
        let caller: [Float] = (0..<1600).map { Float(sin(Double($0) * 0.05)) * 0.7 }
        let engine: [Float] = (0..<1600).map { Float(cos(Double($0) * 0.11)) * 0.3 }
        try AudioFileWriter.writeWAV(url: file, channels: [caller, engine], sampleRateHz: 16000)
        let info = try AudioFileReader.info(url: file)
        #expect(info == AudioFileInfo(sampleRateHz: 16000, channels: 2, frames: 1600, format: "WAV", subtype: "PCM_16"))
        for (channel, original) in [(1, caller), (2, engine)] {
            let back = try AudioFileReader.read(url: file, channel: .channel(channel)).samples
            let worst = zip(original, back).map { abs($0 - $1) }.max()!
            #expect(worst <= 0.5 / 32768 + 1e-7)
        }
    }

    @Test("values beyond full scale saturate instead of wrapping")
    func saturation() throws {
        let files = try Fixtures()
        let file = files.url("loud.wav")
        try AudioFileWriter.writeWAV(url: file, channels: [[1.5, -1.5, 1.0, -1.0]], sampleRateHz: 8000)
        #expect(try AudioFileReader.read(url: file).samples == [32767 / 32768, -1, 32767 / 32768, -1])
    }

    @Test func invalidRequestsAreExplained() throws {
        let files = try Fixtures()
        let file = files.url("x.wav")
        #expect(audioFileError { try AudioFileWriter.writeWAV(url: file, channels: [], sampleRateHz: 8000) }
                == .invalidAudioToWrite(path: file.path, reason: "no channels given; pass at least one array of samples"))
        let uneven = audioFileError { try AudioFileWriter.writeWAV(url: file, channels: [[0, 0], [0]], sampleRateHz: 8000) }
        #expect(uneven?.description == "\(file.path): nothing written: channels differ in length (2, 1 samples); pad or trim them to the same length")
        #expect(audioFileError { try AudioFileWriter.writeWAV(url: file, channels: [[0]], sampleRateHz: 4000) }
                == .unsupportedSampleRate(path: file.path, rateHz: 4000))
        let nowhere = files.url("missing/folder/x.wav")
        let error = audioFileError { try AudioFileWriter.writeWAV(url: nowhere, channels: [[0]], sampleRateHz: 8000) }
        guard case let .notWritable(path, reason) = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(path == nowhere.path && reason.contains("does not exist"))
        #expect(!FileManager.default.fileExists(atPath: file.path), "nothing was left behind")
    }
}
