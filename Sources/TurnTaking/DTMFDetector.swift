import AudioCore
import CSpanDSP

/// In-band DTMF detection on 8 kHz audio, using spandsp's receiver (ITU-T Q.23/Q.24).
///
/// spandsp runs eight Goertzel filters over blocks of 102 samples (12.75 ms). A block "hits" a digit
/// when both tones reach `minimumLevelDBm0`, the twist is within limits, each tone is 8 dB above the
/// other tones of its group, and the two tones hold ≥ 82 % (−0.85 dB) of the block's energy. A digit
/// starts after two consecutive hits and ends after two consecutive non-hits; a single odd block is
/// ridden over. This is also the talk-off guard: speech rarely puts 82 % of its energy into exactly
/// one row and one column frequency for 25 ms. A tone must cover about two blocks to be confirmed,
/// so tones ≥ 34 ms are always detected, tones ≤ 21 ms never, and those in between depend on how
/// they fall on the block grid (Q.24 asks for ≥ 40 ms accepted, ≤ 20 ms rejected). A finer duration
/// guard is not possible on top of spandsp without re-analysing the audio, and none was needed
/// (see the talk-off tests on real speech).
///
/// Timing: spandsp reports a start at the end of the second hit block; the first hit block needs
/// ≥ 82 % tone coverage, so on a clean tone the onset lies in a 102-sample window 186–288 samples
/// before the report. `startSample` is that window's middle: measured error ≤ 54 samples (6.75 ms)
/// over all 102 grid alignments. Ends are estimated the same way; measured `durationMs` error
/// −11…+10 ms for 40–300 ms tones.
///
/// Levels use `DTMFLevel`'s convention: a full-scale sine is +3.14 dBm0.
///
/// `process` accepts any block size and does not allocate (beyond what appending to `events` needs:
/// reserve capacity there). One detector per stream, used from one thread at a time.
public final class DTMFDetector {
    public static let sampleRateHz = 8000
    /// spandsp's analysis block (`DTMF_SAMPLES_PER_BLOCK`).
    public static let blockSamples = 102
    /// From the end of the confirming block back to the middle of the onset window (see above).
    static let startLatencySamples = 237
    /// From the end of the block that confirms the end back to the middle of the offset window.
    static let endLatencySamples = 171

    public let config: DTMFDetectorConfig

    private let state: OpaquePointer
    private let sink: DTMFReportSink
    private let scratch: UnsafeMutableBufferPointer<Int16>
    /// Samples fed to spandsp since the stream start (a multiple of `blockSamples` at block ends).
    private var position = 0
    private var active: (digit: Character, startSample: Int)?

    public init(config: DTMFDetectorConfig = .init()) {
        SpanDSPOnce.warmUp()
        self.config = config
        sink = DTMFReportSink()
        scratch = .allocate(capacity: Self.blockSamples)
        scratch.initialize(repeating: 0)
        guard let s = dtmf_rx_init(nil, nil, nil) else {
            fatalError("spandsp dtmf_rx_init failed to allocate its state")
        }
        state = s
        configureSpanDSP()
    }

    deinit {
        dtmf_rx_free(state)
        scratch.deallocate()
    }

    /// Whether a digit's tones are sounding (from spandsp's start report to its end report).
    public var isToneActive: Bool { active != nil }

    /// The stream position (samples at 8 kHz) of the next sample `process` will receive.
    public var streamPosition: Int { position }

    /// Feeds 8 kHz samples (full scale ±1.0) and appends any digits completed in them.
    public func process(_ samples: UnsafeBufferPointer<Float>, into events: inout [DTMFEvent]) {
        var offset = 0
        while offset < samples.count {
            // Never cross a block boundary in one call, so a report belongs to the block just ended.
            let toBoundary = Self.blockSamples - position % Self.blockSamples
            let count = min(toBoundary, samples.count - offset)
            for i in 0..<count {
                scratch[i] = SampleConversion.toInt16(samples[offset + i])
            }
            feedScratch(count: count, into: &events)
            offset += count
        }
    }

    /// Convenience for arrays (tests, offline use).
    public func process(_ samples: [Float], into events: inout [DTMFEvent]) {
        samples.withUnsafeBufferPointer { process($0, into: &events) }
    }

    /// Ends the stream: feeds spandsp up to three blocks of silence so a tone still sounding ends at
    /// the stream's end, appends it (with `.toneEnd`), and resets the detector so the next `process`
    /// call starts a new stream at sample 0. Does not allocate.
    public func flush(into events: inout [DTMFEvent]) {
        let padding = (Self.blockSamples - position % Self.blockSamples) % Self.blockSamples
            + 2 * Self.blockSamples
        var fed = 0
        while fed < padding {
            let count = min(Self.blockSamples - position % Self.blockSamples, padding - fed)
            for i in 0..<count { scratch[i] = 0 }
            feedScratch(count: count, into: &events)
            fed += count
        }
        if let tone = active, config.reportTiming == .toneEnd {
            events.append(DTMFEvent(digit: tone.digit, startSample: tone.startSample, durationMs: nil))
        }
        reset()
    }

    /// Forgets the stream and any tone in progress; the next sample is stream position 0.
    public func reset() {
        _ = dtmf_rx_init(state, nil, nil)
        configureSpanDSP()
        position = 0
        active = nil
        sink.report = nil
    }

    private func configureSpanDSP() {
        dtmf_rx_parms(state, config.filterDialTone ? 1 : 0,
                      Int32(max(0, config.maxLowGroupAboveHighGroupDB)),
                      Int32(max(0, config.maxHighGroupAboveLowGroupDB)),
                      Int32(config.minimumLevelDBm0))
        let context = Unmanaged.passUnretained(sink).toOpaque()
        dtmf_rx_set_realtime_callback(state, { context, code, _, _ in
            guard let context else { return }
            Unmanaged<DTMFReportSink>.fromOpaque(context).takeUnretainedValue().report = code
        }, context)
    }

    private func feedScratch(count: Int, into events: inout [DTMFEvent]) {
        _ = dtmf_rx(state, scratch.baseAddress, Int32(count))
        position += count
        guard let code = sink.report else { return }
        sink.report = nil
        handleReport(code: code, blockEnd: position, into: &events)
    }

    private func handleReport(code: Int32, blockEnd: Int, into events: inout [DTMFEvent]) {
        if code == 0 {
            // Tone ended.
            let end = max(0, blockEnd - Self.endLatencySamples)
            closeActive(endSample: end, into: &events)
            return
        }
        guard let scalar = Unicode.Scalar(UInt32(code)) else { return }
        let digit = Character(scalar)
        let start = max(0, blockEnd - Self.startLatencySamples)
        // A new digit with no gap (spandsp reports no end in between): the old one ends here.
        closeActive(endSample: start, into: &events)
        active = (digit, start)
        if config.reportTiming == .toneStart {
            events.append(DTMFEvent(digit: digit, startSample: start, durationMs: nil))
        }
    }

    private func closeActive(endSample: Int, into events: inout [DTMFEvent]) {
        guard let tone = active else { return }
        active = nil
        guard config.reportTiming == .toneEnd else { return }
        let durationSamples = max(0, endSample - tone.startSample)
        let durationMs = Double(durationSamples) * 1000 / Double(Self.sampleRateHz)
        events.append(DTMFEvent(digit: tone.digit, startSample: tone.startSample, durationMs: durationMs))
    }
}

/// Receives spandsp's realtime callback. Blocks never span `dtmf_rx` calls' ends, so there is at
/// most one report per call.
private final class DTMFReportSink {
    var report: Int32?
}

/// spandsp builds its Goertzel and tone tables on the first `dtmf_rx_init`/`dtmf_tx_init` behind a
/// plain (non-atomic) flag. Doing that once under Swift's thread-safe lazy global keeps concurrent
/// first inits on different call threads from racing.
public enum SpanDSPOnce {
    private static let done: Bool = {
        if let rx = dtmf_rx_init(nil, nil, nil) { dtmf_rx_free(rx) }
        if let tx = dtmf_tx_init(nil) { dtmf_tx_free(tx) }
        return true
    }()

    public static func warmUp() { _ = done }
}
