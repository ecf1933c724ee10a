import TestSupport
import Foundation
import Testing
import AudioFiles

@Suite struct AudioFileReaderTests {
    @Test("a one-sample file reads as one sample (the analysis layer decides about minimum length)")
    func oneSample() throws {
        let files = try Fixtures()
        let file = files.url("one.wav")
        try AudioFileWriter.writeWAV(url: file, channels: [[0.25]], sampleRateHz: 8000)
        let frame = try AudioFileReader.read(url: file)
        #expect(frame.samples == [0.25])
        #expect(frame.sampleRateHz == 8000)
    }

    @Test("192 kHz reads with the right duration and content")
    func rate192k() throws {
        let files = try Fixtures()
        let file = try files.synth("hi.wav", rateHz: 192_000, seconds: 1.5, tones: [1000])
        let frame = try AudioFileReader.read(url: file)
        #expect(frame.sampleRateHz == 192_000)
        #expect(frame.samples.count == 288_000)
        #expect(frame.durationSec == 1.5)
        let amplitude = SignalMeasure.toneAmplitude(frame.samples[0..<192_000], frequencyHz: 1000, sampleRateHz: 192_000)
        #expect(abs(amplitude - 0.5) < 0.01)
    }

    @Test("a six-channel file gives the asked channel (each channel is its own tone), or the mix")
    func sixChannels() throws {
        let files = try Fixtures()
        let tones = [300, 500, 700, 900, 1100, 1300]
        let file = try files.synth("six.wav", rateHz: 8000, channels: 6, seconds: 0.5, tones: tones)
        let info = try AudioFileReader.info(url: file)
        #expect(info.channels == 6 && info.frames == 4000)
        for channel in 1...6 {
            let frame = try AudioFileReader.read(url: file, channel: .channel(channel))
            #expect(SignalMeasure.dominantTone(frame.samples, candidatesHz: tones, sampleRateHz: 8000) == tones[channel - 1])
        }
        let mix = try AudioFileReader.read(url: file, channel: .mix)
        for tone in tones {
            let amplitude = SignalMeasure.toneAmplitude(mix.samples[...], frequencyHz: Double(tone), sampleRateHz: 8000)
            #expect(abs(amplitude - 0.5 / 6) < 0.01, "\(tone) Hz in the mix: \(amplitude)")
        }
    }

    @Test("stereo reads the left channel (the caller, by convention) unless told otherwise")
    func stereoDefaultsToLeft() throws {
        let files = try Fixtures()
        let file = files.url("call.wav")
        let caller: [Float] = (0..<8000).map { 0.4 * Float(sin(2 * Double.pi * 300 * Double($0) / 8000)) }
        let engine: [Float] = (0..<8000).map { 0.4 * Float(sin(2 * Double.pi * 1000 * Double($0) / 8000)) }
        try AudioFileWriter.writeWAV(url: file, channels: [caller, engine], sampleRateHz: 8000)
        let left = try AudioFileReader.read(url: file)
        #expect(SignalMeasure.dominantTone(left.samples, candidatesHz: [300, 1000], sampleRateHz: 8000) == 300)
        let right = try AudioFileReader.read(url: file, channel: .channel(2))
        #expect(SignalMeasure.dominantTone(right.samples, candidatesHz: [300, 1000], sampleRateHz: 8000) == 1000)
    }

    struct WavEncoding: Sendable, CustomTestStringConvertible {
        let bits: Int, encoding: String, subtype: String, tolerance: Float
        var testDescription: String { subtype }
    }

    @Test("WAV in every common encoding reads back the same tone", arguments: [
        WavEncoding(bits: 8, encoding: "unsigned-integer", subtype: "PCM_U8", tolerance: 0.01),
        WavEncoding(bits: 16, encoding: "signed-integer", subtype: "PCM_16", tolerance: 1e-4),
        WavEncoding(bits: 24, encoding: "signed-integer", subtype: "PCM_24", tolerance: 1e-6),
        WavEncoding(bits: 32, encoding: "signed-integer", subtype: "PCM_32", tolerance: 1e-6),
        WavEncoding(bits: 32, encoding: "floating-point", subtype: "FLOAT", tolerance: 1e-6),
        WavEncoding(bits: 8, encoding: "mu-law", subtype: "ULAW", tolerance: 0.02),
        WavEncoding(bits: 8, encoding: "a-law", subtype: "ALAW", tolerance: 0.02),
    ])
    func wavEncodings(_ format: WavEncoding) throws {
        let files = try Fixtures()
        let reference = try files.synth("reference.wav", rateHz: 8000, seconds: 0.5, bits: 32, encoding: "floating-point", tones: [1000])
        let file = files.url("tone.wav")
        try ExternalTool.sox(["-D", reference.path, "-b", String(format.bits), "-e", format.encoding, file.path])
        let info = try AudioFileReader.info(url: file)
        #expect(info.format == "WAV" || info.format == "WAVEX")
        #expect(info.subtype == format.subtype)
        let expected = try AudioFileReader.read(url: reference).samples
        #expect(abs(SignalMeasure.toneAmplitude(expected[...], frequencyHz: 1000, sampleRateHz: 8000) - 0.5) < 1e-3)
        let frame = try AudioFileReader.read(url: file)
        #expect(frame.samples.count == 4000 && frame.sampleRateHz == 8000)
        let worst = zip(expected, frame.samples).map { abs($0 - $1) }.max()!
        #expect(worst < format.tolerance, "largest difference \(worst)")
    }

    @Test("FLAC reads back sample-exact with the WAV it was made from")
    func flac() throws {
        let files = try Fixtures()
        let wav = try files.speech("speech.wav", rateHz: 16000)
        let flac = files.url("speech.flac")
        try ExternalTool.sox([wav.path, flac.path])
        let info = try AudioFileReader.info(url: flac)
        #expect(info.format == "FLAC" && info.subtype == "PCM_16" && info.sampleRateHz == 16000)
        #expect(info.durationSec == 3.0)
        #expect(try AudioFileReader.read(url: flac) == AudioFileReader.read(url: wav))
    }

    @Test("Ogg/Opus made by ffmpeg reads back at its input rate with the right duration and content", arguments: [16000, 48000])
    func oggOpus(rateHz: Int) throws {
        let files = try Fixtures()
        let wav = try files.speech("speech.wav", rateHz: rateHz)
        let opus = files.url("speech.opus")
        try ExternalTool.ffmpeg(["-i", wav.path, "-c:a", "libopus", "-b:a", "32k", opus.path])
        let info = try AudioFileReader.info(url: opus)
        #expect(info.format == "OGG" && info.subtype == "OPUS" && info.truncation == nil)
        let source = try AudioFileReader.read(url: wav)
        let decoded = try AudioFileReader.read(url: opus)
        #expect(decoded.sampleRateHz == rateHz)
        #expect(decoded.samples.count == source.samples.count, "the stream's end trimming gives the source length")
        // libsndfile drops the pre-skip, so the decoded speech lines up with the source.
        let best = SignalMeasure.bestLag(source.samples, decoded.samples, lags: -8...8)
        #expect(abs(best.lag) * 10_000 <= rateHz, "lag \(best.lag) samples")
        #expect(best.correlation > 0.95, "correlation \(best.correlation)")
    }

    @Test("files longer than one read block come back whole and in order")
    func blockBoundaries() throws {
        let files = try Fixtures()
        let file = files.url("long.wav")
        let frames = 4096 * 3 + 17
        let left = (0..<frames).map { Float($0 % 1000) / 2048 }
        let right = left.map { -$0 }
        try AudioFileWriter.writeWAV(url: file, channels: [left, right], sampleRateHz: 16000)
        #expect(try AudioFileReader.read(url: file).samples == left)
        #expect(try AudioFileReader.read(url: file, channel: .channel(2)).samples == right)
        #expect(try AudioFileReader.read(url: file, channel: .mix).samples.allSatisfy { $0 == 0 })
    }
}
