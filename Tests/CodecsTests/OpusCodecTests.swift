import AudioCore
import Foundation
import Testing
import Codecs
import TestSupport

@Suite struct OpusCodecTests {
    /// libopus' algorithmic delay for VOIP/AUDIO: 2.5 ms + 4 ms of look-ahead (OPUS_GET_LOOKAHEAD).
    static func codecDelaySamples(rateHz: Int) -> Int { rateHz / 400 + rateHz / 250 }

    /// Encodes `signal` in 20 ms frames and decodes every packet.
    static func roundTrip(_ signal: [Float], rateHz: Int, application: OpusEncoder.Application = .voip,
                          bitrateBps: Int = 24_000) throws -> (decoded: [Float], bytes: Int) {
        let encoder = try OpusEncoder(sampleRateHz: rateHz, application: application, bitrateBps: bitrateBps)
        let decoder = try OpusDecoder(sampleRateHz: rateHz)
        let n = encoder.frameSamplesPerChannel
        var decoded: [Float] = []
        var bytes = 0
        for f in 0..<(signal.count / n) {
            let packet = try encoder.encode(frame: Array(signal[f * n..<(f + 1) * n]))
            bytes += packet.count
            decoded += try decoder.decode(packet: packet)
        }
        return (decoded, bytes)
    }

    @Test("real speech survives the round trip, delayed by exactly the codec look-ahead", arguments: [8000, 16000])
    func speechRoundTrip(rateHz: Int) throws {
        let speech = try ExternalTool.speech(rateHz: rateHz, seconds: 3)
        let (decoded, bytes) = try Self.roundTrip(speech, rateHz: rateHz)
        let margin = rateHz / 10
        let reference = Array(speech[margin..<(speech.count - margin)])
        let best = SignalMeasure.bestLag(reference, Array(decoded.dropFirst(margin)), lags: -rateHz / 100...rateHz / 40)
        #expect(best.lag == Self.codecDelaySamples(rateHz: rateHz), "measured delay \(best.lag) samples")
        #expect(best.correlation > 0.95, "correlation \(best.correlation)")
        let aligned = Array(decoded[(margin + best.lag)...].prefix(reference.count))
        let snr = SignalMeasure.snrDB(reference: reference, test: aligned)
        #expect(snr > 9, "waveform SNR \(snr) dB")
        let kbps = Double(bytes * 8) / (Double(speech.count) / Double(rateHz)) / 1000
        #expect(kbps < 26, "bitrate \(kbps) kbit/s for a 24 kbit/s target")
    }

    @Test("a voiced-like harmonic tone keeps its level and shape")
    func toneRoundTrip() throws {
        let rate = 16000
        let tone = Signals.harmonicTone(f0Hz: 200, sampleRateHz: rate, durationSec: 2, harmonics: 8, amplitude: 0.3)
        let (decoded, _) = try Self.roundTrip(tone, rateHz: rate)
        let delay = Self.codecDelaySamples(rateHz: rate)
        let middle = Array(tone[rate / 2..<(3 * rate / 2)])
        let out = Array(decoded[(rate / 2 + delay)..<(3 * rate / 2 + delay)])
        let levelChangeDB = SignalMeasure.dB(SignalMeasure.rms(out[...]) / SignalMeasure.rms(middle[...]))
        #expect(abs(levelChangeDB) < 1, "level change \(levelChangeDB) dB")
        let f0In = SignalMeasure.toneAmplitude(middle[...], frequencyHz: 200, sampleRateHz: rate)
        let f0Out = SignalMeasure.toneAmplitude(out[...], frequencyHz: 200, sampleRateHz: rate)
        #expect(abs(SignalMeasure.dB(f0Out / f0In)) < 1, "fundamental \(f0In) → \(f0Out)")
        // SILK models the waveform loosely (≈ 8 dB SNR); the shape must still match.
        #expect(SignalMeasure.correlation(middle, out) > 0.85)
    }

    @Test("a lost packet is concealed with one frame of the last frame's duration")
    func packetLossConcealment() throws {
        let rate = 16000
        let speech = try ExternalTool.speech(rateHz: rate, seconds: 1)
        let decoder = try OpusDecoder(sampleRateHz: rate)
        #expect(try decoder.decode(packet: nil).count == rate / 50, "before any packet: 20 ms")

        let encoder40 = try OpusEncoder(sampleRateHz: rate, frameDurationMs: 40)
        let n = encoder40.frameSamplesPerChannel
        for f in 0..<5 {
            let decoded = try decoder.decode(packet: try encoder40.encode(frame: Array(speech[f * n..<(f + 1) * n])))
            #expect(decoded.count == n)
        }
        let concealed = try decoder.decode(packet: nil)
        #expect(concealed.count == n, "concealment follows the 40 ms frames")
        #expect(concealed.allSatisfy { $0.isFinite })
        #expect(SignalMeasure.rms(concealed[...]) > 1e-4, "concealment continues the speech, not silence")

        var buffer = [Float](repeating: 0, count: decoder.maxFrameSamplesPerChannel)
        let written = try buffer.withUnsafeMutableBufferPointer { try decoder.decode(packet: nil, into: $0) }
        #expect(written == n)
    }

    @Test("corrupt packets throw libopus' reason and leave the decoder usable")
    func corruptPackets() throws {
        let decoder = try OpusDecoder(sampleRateHz: 16000)
        // TOC 0xFF announces code 3 (several frames) but the frame-count byte is missing.
        #expect {
            _ = try decoder.decode(packet: [0xFF])
        } throws: { error in
            guard case let .opus(_, code, reason) = error as? CodecError else { return false }
            return code < 0 && reason == "corrupted stream" && "\(error)".contains("corrupted stream")
        }
        #expect(throws: CodecError.emptyPacket) { try decoder.decode(packet: []) }

        // Random bytes: each either decodes to a legal Opus duration (a whole number of 2.5 ms
        // frames, at most 120 ms) or throws; never crashes.
        var rng = SplitMix64(seed: 42)
        var thrown = 0
        for _ in 0..<2000 {
            let length = Int(rng.next() % 300) + 1
            let packet = (0..<length).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            do {
                let samples = try decoder.decode(packet: packet)
                #expect(samples.count % 40 == 0 && samples.count <= decoder.maxFrameSamplesPerChannel)
            } catch {
                thrown += 1
            }
        }
        #expect(thrown > 0)
        let encoder = try OpusEncoder(sampleRateHz: 16000)
        let frame = Signals.sine(frequencyHz: 440, sampleRateHz: 16000, durationSec: 0.02)
        #expect(try decoder.decode(packet: try encoder.encode(frame: frame)).count == 320)
    }

    @Test func invalidSettingsAreExplained() throws {
        #expect {
            _ = try OpusDecoder(sampleRateHz: 44100)
        } throws: { "\($0)" == "Opus decoder: sample rate 44100 Hz is not supported; use one of 8000, 12000, 16000, 24000, 48000 Hz" }
        #expect(throws: CodecError.self) { try OpusEncoder(sampleRateHz: 16000, channels: 3) }
        #expect {
            _ = try OpusEncoder(sampleRateHz: 16000, complexity: 11)
        } throws: { "\($0)".contains("complexity 11") && "\($0)".contains("invalid argument") }
        let encoder = try OpusEncoder(sampleRateHz: 16000)
        #expect {
            _ = try encoder.encode(frame: [Float](repeating: 0, count: 160))
        } throws: { "\($0)" == "Opus encoder: frame has 160 samples; expected 320 (20 ms at 16000 Hz, channels interleaved)" }
    }

    /// Packets from a real encoder (ffmpeg's libopus in an Ogg file, parsed by the test) decode
    /// at the pipeline rate to the source speech, once the stream's pre-skip is dropped.
    @Test("decodes ffmpeg-produced Ogg/Opus packets to the source speech", arguments: [16000, 48000])
    func decodesFFmpegPackets(decoderRateHz: Int) throws {
        let dir = try Paths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let wav = dir.appendingPathComponent("speech.wav")
        let opus = dir.appendingPathComponent("speech.opus")
        try ExternalTool.run("sox", ["/usr/share/codec2/wav/hts1a.wav", "-r", String(decoderRateHz), "-b", "16", wav.path])
        try ExternalTool.ffmpeg(["-i", wav.path, "-c:a", "libopus", "-b:a", "24k", "-application", "voip",
                                 "-frame_duration", "20", opus.path])
        let stream = try OggOpusPackets(data: Data(contentsOf: opus))
        let decoder = try OpusDecoder(sampleRateHz: decoderRateHz, channels: stream.channels)
        var decoded: [Float] = []
        for packet in stream.audio { decoded += try decoder.decode(packet: packet) }

        let factor = 48000 / decoderRateHz
        let preSkip = stream.preSkip / factor
        let length = Int(stream.finalGranule) / factor - preSkip
        let audio = Array(decoded.dropFirst(preSkip).prefix(length))
        let source = try ExternalTool.speech(rateHz: decoderRateHz, seconds: 10)
        #expect(audio.count == source.count, "decoded \(audio.count) samples, source has \(source.count)")
        let best = SignalMeasure.bestLag(source, audio, lags: -4...4)
        // Within 0.1 ms: libopus' internal resamplers add a fraction of a sample at 48 kHz.
        #expect(abs(best.lag) * 10_000 <= decoderRateHz, "after pre-skip the decoded speech lines up with the source (lag \(best.lag))")
        #expect(best.correlation > 0.95, "correlation \(best.correlation)")
    }
}
