internal import CSpeexDSP

/// Streaming sample-rate conversion with the speexdsp resampler (the one Asterisk and
/// FreeSWITCH use), time-aligned: output sample `j` is the signal at input time `j / outputRateHz`.
///
/// speexdsp's filter is centred on the output instant, so it needs `inputLatencySamples` of
/// input beyond that instant before it can produce it. The stream starts with speex's
/// `skip_zeros` (no leading zeros in the output) and `flush` feeds the missing look-ahead as
/// zeros, so a whole signal of `n` samples becomes exactly `round(n · out / in)` samples with no
/// shift. The streaming delay (latency) is `inputLatencySamples`; the time offset is zero.
///
/// Threading: one owner per stream; not safe to use from two threads at once.
public final class Resampler {
    /// speexdsp quality 6, for live calls and file analysis alike, so that a replayed call
    /// goes through exactly the filter the live call did. Measured here (speexdsp 1.2.1):
    ///
    /// | quality | gain at 3.4 kHz (→ 8 k) | at 7 kHz (→ 16 k) | 6 kHz alias 48 k → 8 k | µs per 20 ms, 22.05 k → 8 k / 48 k → 16 k / 8 k → 16 k | delay |
    /// |---|---|---|---|---|---|
    /// | 2 (FreeSWITCH) | −2.6 dB | −5.1 dB | −86 dB | 12 / 6 / 2 | 2 ms |
    /// | 3 (speex "VoIP") | −1.05 dB | −3.0 dB | −99 dB | 19 / 9 / 3 | 3 ms |
    /// | 4 | −0.02 dB | −0.41 dB | −103 dB | 24 / 11 / 4 | 4 ms |
    /// | **6** | −0.00 dB | −0.00 dB | −123 dB | 36 / 17 / 5 | 6 ms |
    /// | 10 | −0.00 dB | −0.00 dB | −147 dB | 98 / 96 / 26 | 16 ms |
    ///
    /// Switches pick 1–3 because they transcode thousands of channels and nobody measures the
    /// band edge; this engine measures loudness and spectral balance, and quality 3 loses 1–3 dB
    /// at the top of the telephone band. Quality 6 is the cheapest that is flat (±0.2 dB) up to
    /// 3.4 kHz and 7 kHz, and costs about half of the webrtc front end per call.
    public static let defaultQuality = 6
    public static let supportedRatesHz = 1000...768_000

    public let inputRateHz: Int
    public let outputRateHz: Int
    public let quality: Int
    /// Input samples the filter needs beyond an output instant (the streaming delay), 0 when
    /// the rates are equal.
    public let inputLatencySamples: Int

    private let state: OpaquePointer?  // nil when the rates are equal: a plain copy
    private var inputCount = 0   // real input samples since the stream started
    private var outputCount = 0  // output samples delivered since the stream started
    private var flushZeros: [Float]
    private var flushScratch: [Float]

    public init(inputRateHz: Int, outputRateHz: Int, quality: Int = Resampler.defaultQuality) throws(CodecError) {
        for rate in [inputRateHz, outputRateHz] where !Self.supportedRatesHz.contains(rate) {
            throw .invalidResamplerSetting("sample rate \(rate) Hz is outside "
                + "\(Self.supportedRatesHz.lowerBound)…\(Self.supportedRatesHz.upperBound) Hz")
        }
        guard (0...10).contains(quality) else {
            throw .invalidResamplerSetting("quality \(quality) is outside 0…10 (default \(Self.defaultQuality))")
        }
        self.inputRateHz = inputRateHz
        self.outputRateHz = outputRateHz
        self.quality = quality
        if inputRateHz == outputRateHz {
            state = nil
            inputLatencySamples = 0
            flushZeros = []
            flushScratch = []
            return
        }
        var error: Int32 = 0
        guard let st = speex_resampler_init(1, UInt32(inputRateHz), UInt32(outputRateHz), Int32(quality), &error),
              error == 0 else {
            throw .speexResampler(operation: "init \(inputRateHz) → \(outputRateHz) Hz", code: error,
                                  reason: String(cString: speex_resampler_strerror(error)))
        }
        state = st
        speex_resampler_skip_zeros(st)
        inputLatencySamples = Int(speex_resampler_get_input_latency(st))
        flushZeros = [Float](repeating: 0, count: inputLatencySamples + inputRateHz / outputRateHz + 8)
        flushScratch = []
        flushScratch = [Float](repeating: 0, count: maxOutputCount(forInputCount: flushZeros.count))
    }

    deinit { if let state { speex_resampler_destroy(state) } }

    /// An upper bound on the samples one `process` call produces from `inputCount` samples.
    public func maxOutputCount(forInputCount inputCount: Int) -> Int {
        state == nil ? inputCount : (inputCount * outputRateHz + inputRateHz - 1) / inputRateHz + 2
    }

    /// Resamples the next block of the stream into `output`; returns the samples written.
    /// Does not allocate.
    /// - Precondition: `output.count >= maxOutputCount(forInputCount: input.count)`.
    public func process(_ input: UnsafeBufferPointer<Float>, into output: UnsafeMutableBufferPointer<Float>) -> Int {
        precondition(output.count >= maxOutputCount(forInputCount: input.count),
                     "Resampler.process: output holds \(output.count), needs \(maxOutputCount(forInputCount: input.count))")
        guard !input.isEmpty else { return 0 }
        inputCount += input.count
        guard let state else {
            _ = output.initialize(from: input)
            outputCount += input.count
            return input.count
        }
        let produced = Self.run(state, input, output)
        outputCount += produced
        return produced
    }

    /// Resamples the next block of the stream, appending to `output`. Allocates only when
    /// `output` lacks capacity (reserve `maxOutputCount(forInputCount:)` to avoid that).
    public func process(_ input: UnsafeBufferPointer<Float>, into output: inout [Float]) {
        let start = output.count
        let room = maxOutputCount(forInputCount: input.count)
        output.append(contentsOf: repeatElement(0, count: room))
        let produced = output.withUnsafeMutableBufferPointer { process(input, into: UnsafeMutableBufferPointer(rebasing: $0[start...])) }
        output.removeLast(room - produced)
    }

    /// Output samples that `flush` will still deliver.
    public var pendingOutputCount: Int { max(0, expectedOutputCount(forInputCount: inputCount) - outputCount) }

    /// Ends the stream: drains the filter (as if the input were followed by silence) so the
    /// stream's total output is `round(n · out / in)` for `n` input samples, then resets for a
    /// new stream. Returns the samples written. Does not allocate.
    /// - Precondition: `output.count >= pendingOutputCount`.
    public func flush(into output: UnsafeMutableBufferPointer<Float>) -> Int {
        var remaining = pendingOutputCount
        precondition(output.count >= remaining, "Resampler.flush: output holds \(output.count), needs \(remaining)")
        var written = 0
        if let state {
            // Each round feeds more zeros than the filter's look-ahead, so two rounds suffice;
            // the bound only guards against a misbehaving library.
            var rounds = 0
            while remaining > 0 && rounds < 64 {
                let produced = flushZeros.withUnsafeBufferPointer { zeros in
                    flushScratch.withUnsafeMutableBufferPointer { Self.run(state, zeros, $0) }
                }
                let take = min(produced, remaining)
                for i in 0..<take { output[written + i] = flushScratch[i] }
                written += take
                remaining -= take
                rounds += 1
            }
            speex_resampler_reset_mem(state)
            speex_resampler_skip_zeros(state)
        }
        inputCount = 0
        outputCount = 0
        return written
    }

    /// Ends the stream (see `flush(into:)`), appending the drained samples to `output`.
    public func flush(into output: inout [Float]) {
        let start = output.count
        let room = pendingOutputCount
        output.append(contentsOf: repeatElement(0, count: room))
        let written = output.withUnsafeMutableBufferPointer { flush(into: UnsafeMutableBufferPointer(rebasing: $0[start...])) }
        output.removeLast(room - written)
    }

    /// Resamples a whole signal: `round(n · out / in)` samples, time-aligned. Starts a new
    /// stream (any stream in progress is discarded) and leaves the resampler ready for another.
    public func resample(_ whole: [Float]) -> [Float] {
        reset()
        var out: [Float] = []
        out.reserveCapacity(maxOutputCount(forInputCount: whole.count) + pendingOutputCount + inputLatencySamples)
        whole.withUnsafeBufferPointer { process($0, into: &out) }
        flush(into: &out)
        return out
    }

    /// Discards the stream in progress and starts a new one.
    public func reset() {
        if let state {
            speex_resampler_reset_mem(state)
            speex_resampler_skip_zeros(state)
        }
        inputCount = 0
        outputCount = 0
    }

    private func expectedOutputCount(forInputCount n: Int) -> Int {
        (2 * n * outputRateHz + inputRateHz) / (2 * inputRateHz)  // round(n · out / in)
    }

    private static func run(_ state: OpaquePointer, _ input: UnsafeBufferPointer<Float>,
                            _ output: UnsafeMutableBufferPointer<Float>) -> Int {
        var consumed = 0
        var produced = 0
        while consumed < input.count {
            var inLength = UInt32(min(input.count - consumed, 1 << 20))
            var outLength = UInt32(min(output.count - produced, Int(UInt32.max)))
            speex_resampler_process_float(state, 0, input.baseAddress! + consumed, &inLength,
                                          output.baseAddress! + produced, &outLength)
            consumed += Int(inLength)
            produced += Int(outLength)
            precondition(inLength > 0 || outLength > 0, "Resampler: output buffer exhausted")
        }
        return produced
    }
}
