import Testing
import AudioCore
import Media
import RTP
import TestSupport

@Suite struct MediaRoundTripTests {
    static let codecs: [MediaCodec] = [.pcmu, .pcma, .l16(sampleRateHz: 8000, payloadType: 96),
                                       .l16(sampleRateHz: 16000, payloadType: 97), .opus(payloadType: 111)]
    static let cases: [(MediaCodec, PipelineRate)] = codecs.flatMap { c in PipelineRate.allCases.map { (c, $0) } }

    /// What a decoder must reach on a 440 Hz tone (peak 0.3) with every 10th packet lost.
    /// Zero-filling the lost 10 % would give a correlation of at most √0.9 ≈ 0.949, so the
    /// waveform codecs' bound proves the concealment carries the tone on.
    static func minimumCorrelation(_ codec: MediaCodec) -> Double {
        switch codec {
        case .opus: 0.8  // SILK does not keep the waveform; measured ≈ 0.85 here
        default: 0.97
        }
    }

    /// A 440 Hz sine (peak 0.3) for the waveform codecs; for Opus, whose SILK layer models
    /// speech, a 200 Hz harmonic tone of the same peak.
    static func signal(_ codec: MediaCodec, rate: PipelineRate, durationSec: Double) -> [Float] {
        if case .opus = codec {
            return Signals.harmonicTone(f0Hz: 200, sampleRateHz: rate.hz, durationSec: durationSec, harmonics: 8, amplitude: 0.3)
        }
        return Signals.sine(frequencyHz: 440, sampleRateHz: rate.hz, durationSec: durationSec, amplitude: 0.3)
    }

    @Test("encode → RTP → jitter buffer → decode recovers a tone with 10 % loss concealed",
          arguments: cases)
    func toneRoundTrip(codec: MediaCodec, rate: PipelineRate) throws {
        let input = Self.signal(codec, rate: rate, durationSec: 2)
        let result = try MediaLoopback.run(codec: codec, rate: rate, input: input, drop: { $0 % 10 == 5 })
        #expect(result.concealed == 10)
        #expect(result.played == 90)
        #expect(result.concealedWithNext == 10)  // the buffer offered the next packet each time (FEC)

        // Align (resampler and codec delays) on the first second, then compare everything.
        let excerpt = Array(input[(rate.hz / 4)..<(rate.hz / 2)])
        let lag = SignalMeasure.bestLag(excerpt, Array(result.output.prefix(rate.hz)), lags: (rate.hz / 4 - 10)...(rate.hz / 4 + rate.hz / 20))
        let reference = Array(input[..<(input.count - rate.hz / 10)])
        let correlation = SignalMeasure.correlation(reference, result.output, lag: lag.lag - rate.hz / 4)
        #expect(correlation > Self.minimumCorrelation(codec), "\(codec.name) at \(rate.hz) Hz: correlation \(correlation)")

        // No gap of digital silence: every 5 ms of output after the first 60 ms carries the tone.
        let window = rate.hz / 200
        let expectedRMS = SignalMeasure.rms(input[...])
        var quietest = Double.infinity
        for start in stride(from: rate.hz * 6 / 100, to: reference.count - window, by: window) {
            quietest = min(quietest, SignalMeasure.rms(result.output[start..<(start + window)]))
        }
        #expect(quietest > 0.3 * expectedRMS, "\(codec.name) at \(rate.hz) Hz: quietest 5 ms has RMS \(quietest)")
    }

    /// The jitter buffer hands the next packet to the decoder, and the decoder really decodes
    /// its in-band FEC (with no FEC data libopus would fall back to PLC and the two outputs
    /// would be identical). On this synthetic tone FEC and PLC score alike overall
    /// (correlation ≈ 0.86 either way, measured), so the test asserts use, not superiority.
    @Test("Opus concealment uses the next packet's in-band FEC", arguments: PipelineRate.allCases)
    func opusFECUsed(rate: PipelineRate) throws {
        let codec = MediaCodec.opus(payloadType: 111)
        let input = Self.signal(codec, rate: rate, durationSec: 1)
        let withFEC = try MediaLoopback.run(codec: codec, rate: rate, input: input, drop: { $0 % 10 == 5 })
        let plcOnly = try MediaLoopback.run(codec: codec, rate: rate, input: input, drop: { $0 % 10 == 5 }, useFEC: false)
        #expect(withFEC.concealedWithNext == 5)
        #expect(withFEC.concealedRanges == plcOnly.concealedRanges)
        for range in withFEC.concealedRanges {
            var difference = 0.0
            for i in range { difference += Double(abs(withFEC.output[i] - plcOnly.output[i])) }
            #expect(difference / Double(range.count) > 0.001, "FEC and PLC gave the same frame at \(range)")
            #expect(SignalMeasure.rms(withFEC.output[range]) > 0.1 * SignalMeasure.rms(input[...]), "silent FEC frame at \(range)")
        }
    }

    @Test("spandsp concealment of a lost G.711 packet carries the tone on", arguments: [MediaCodec.pcmu, .pcma])
    func concealedFramesCarryTheTone(codec: MediaCodec) throws {
        let rate = PipelineRate.narrowband
        let input = Self.signal(codec, rate: rate, durationSec: 1)
        let frequency = 440.0
        let inputAmplitude = SignalMeasure.toneAmplitude(input[0..<800], frequencyHz: frequency, sampleRateHz: rate.hz)
        let result = try MediaLoopback.run(codec: codec, rate: rate, input: input, drop: { $0 % 10 == 5 })
        #expect(result.concealedRanges.count == 5)
        for range in result.concealedRanges {
            let amplitude = SignalMeasure.toneAmplitude(result.output[range], frequencyHz: frequency, sampleRateHz: rate.hz)
            #expect(amplitude > 0.4 * inputAmplitude, "\(codec.name): concealed frame at \(range) has amplitude \(amplitude) of \(inputAmplitude)")
        }
    }

    @Test("any ptime: 10, 30 and 60 ms G.711 and 10, 40, 60 ms Opus packets round-trip with one loss in ten",
          arguments: [(MediaCodec.pcmu, 10), (.pcmu, 30), (.pcma, 60), (.opus(payloadType: 111), 10),
                      (.opus(payloadType: 111), 40), (.opus(payloadType: 111), 60)])
    func anyPtime(codec: MediaCodec, ptimeMs: Int) throws {
        let rate = PipelineRate.wideband
        let input = Self.signal(codec, rate: rate, durationSec: 2.4)
        let result = try MediaLoopback.run(codec: codec, rate: rate, input: input, drop: { $0 % 10 == 5 }, ptimeMs: ptimeMs)
        let packets = 2400 / ptimeMs
        #expect(result.played == packets - packets / 10)
        #expect(result.concealed == packets / 10)
        let excerpt = Array(input[(rate.hz / 4)..<(rate.hz / 2)])
        let lag = SignalMeasure.bestLag(excerpt, Array(result.output.prefix(rate.hz)), lags: (rate.hz / 4 - 10)...(rate.hz / 4 + rate.hz / 20))
        let reference = Array(input[..<(input.count - rate.hz / 10)])
        let correlation = SignalMeasure.correlation(reference, result.output, lag: lag.lag - rate.hz / 4)
        // 60 ms losses are long for any concealment: the bound is lower there.
        let bound = ptimeMs == 60 ? Self.minimumCorrelation(codec) - 0.1 : Self.minimumCorrelation(codec)
        #expect(correlation > bound, "\(codec.name) \(ptimeMs) ms: correlation \(correlation)")
    }
}
