import AudioCore
import CSpanDSP
import TurnTaking

/// Settings of `DTMFGenerator`, levels per tone in dBm0 (`DTMFLevel`: full-scale sine = +3.14 dBm0).
public struct DTMFGeneratorConfig: Sendable, Equatable {
    /// Level of the low-group (row) tone. spandsp's default −10 dBm0.
    public var lowGroupLevelDBm0: Int
    /// Level of the high-group (column) tone. −8 dBm0: telephones send the high group ≈ 2 dB up to
    /// make up for line loss, well inside every receiver's twist limit.
    public var highGroupLevelDBm0: Int
    /// Tone on-time per digit. 100 ms on / 100 ms off is the usual sending cadence; Q.24 receivers
    /// must accept down to 40 ms on and 40 ms off.
    public var toneDurationMs: Int
    /// Silence after each tone.
    public var pauseDurationMs: Int

    public init(lowGroupLevelDBm0: Int = -10, highGroupLevelDBm0: Int = -8,
                toneDurationMs: Int = 100, pauseDurationMs: Int = 100) {
        self.lowGroupLevelDBm0 = lowGroupLevelDBm0
        self.highGroupLevelDBm0 = highGroupLevelDBm0
        self.toneDurationMs = toneDurationMs
        self.pauseDurationMs = pauseDurationMs
    }

    /// Both tones at the same level.
    public static func level(_ dBm0: Int, toneMs: Int = 100, pauseMs: Int = 100) -> Self {
        .init(lowGroupLevelDBm0: dBm0, highGroupLevelDBm0: dBm0, toneDurationMs: toneMs, pauseDurationMs: pauseMs)
    }
}

/// In-band DTMF generation at 8 kHz with spandsp's `dtmf_tx`: each queued digit sounds for
/// `toneDurationMs`, then `pauseDurationMs` of silence. Streaming (`enqueue` then `render(into:)`,
/// which does not allocate) or all at once (`samples(for:config:)`). One owner at a time.
public final class DTMFGenerator {
    /// spandsp's queue size (`MAX_DTMF_DIGITS`).
    public static let maximumQueuedDigits = 128
    public static let sampleRateHz = 8000

    public let config: DTMFGeneratorConfig
    private let state: OpaquePointer
    private let scratch: UnsafeMutableBufferPointer<Int16>

    public init(config: DTMFGeneratorConfig = .init()) throws {
        try Self.validate(config)
        SpanDSPOnce.warmUp()
        guard let s = dtmf_tx_init(nil) else {
            fatalError("spandsp dtmf_tx_init failed to allocate its state")
        }
        self.config = config
        state = s
        scratch = .allocate(capacity: 160)
        scratch.initialize(repeating: 0)
        dtmf_tx_set_level(state, Int32(config.lowGroupLevelDBm0),
                          Int32(config.highGroupLevelDBm0 - config.lowGroupLevelDBm0))
        dtmf_tx_set_timing(state, Int32(config.toneDurationMs), Int32(config.pauseDurationMs))
    }

    deinit {
        dtmf_tx_free(state)
        scratch.deallocate()
    }

    /// Queues `digits` (0-9 * # A-D; lower-case a-d accepted). Throws, queuing nothing, on a
    /// non-DTMF character or when the queue would overflow.
    public func enqueue(_ digits: String) throws {
        var normalized = [CChar]()
        normalized.reserveCapacity(digits.count + 1)
        for (position, c) in digits.enumerated() {
            let upper = Character(c.uppercased())
            guard DTMFDigits.all.contains(upper), let ascii = upper.asciiValue else {
                throw DTMFError.invalidDigit(c, position: position)
            }
            normalized.append(CChar(bitPattern: ascii))
        }
        guard !normalized.isEmpty else { return }
        let count = normalized.count
        normalized.append(0)
        // spandsp queues the whole string or nothing, returning how many digits did not fit.
        let notQueued = normalized.withUnsafeBufferPointer { dtmf_tx_put(state, $0.baseAddress, Int32(count)) }
        guard notQueued == 0 else {
            throw DTMFError.tooManyDigits(count: count, maximum: Self.maximumQueuedDigits)
        }
    }

    /// Writes up to `buffer.count` samples of the queued tones; returns how many were written (fewer
    /// once the queue has fully played, including the last pause).
    public func render(into buffer: UnsafeMutableBufferPointer<Float>) -> Int {
        var written = 0
        while written < buffer.count {
            let want = min(scratch.count, buffer.count - written)
            let got = Int(dtmf_tx(state, scratch.baseAddress, Int32(want)))
            for i in 0..<got { buffer[written + i] = SampleConversion.toFloat(scratch[i]) }
            written += got
            if got < want { break }
        }
        return written
    }

    /// All of `digits` as tones and pauses, 8 kHz.
    public static func samples(for digits: String, config: DTMFGeneratorConfig = .init()) throws -> [Float] {
        let generator = try DTMFGenerator(config: config)
        var out = [Float]()
        for chunk in chunks(digits) {
            try generator.enqueue(chunk)
            var block = [Float](repeating: 0, count: 1600)
            while true {
                let n = block.withUnsafeMutableBufferPointer { generator.render(into: $0) }
                out.append(contentsOf: block[0..<n])
                if n < block.count { break }
            }
        }
        return out
    }

    private static func chunks(_ digits: String) -> [String] {
        let characters = Array(digits)
        return stride(from: 0, to: characters.count, by: 64).map {
            String(characters[$0..<min($0 + 64, characters.count)])
        }
    }

    private static func validate(_ config: DTMFGeneratorConfig) throws {
        for (name, value) in [("toneDurationMs", config.toneDurationMs), ("pauseDurationMs", config.pauseDurationMs)]
        where !(0...60_000).contains(value) {
            throw DTMFError.invalidSetting(name: name, value: value, expected: "0...60000 ms")
        }
        // The two sines add: their peaks together must stay within full scale or the tone clips.
        let peak = DTMFLevel.sineAmplitude(dBm0: Double(config.lowGroupLevelDBm0))
            + DTMFLevel.sineAmplitude(dBm0: Double(config.highGroupLevelDBm0))
        if peak > 1 {
            let name = config.lowGroupLevelDBm0 >= config.highGroupLevelDBm0 ? "lowGroupLevelDBm0" : "highGroupLevelDBm0"
            let value = max(config.lowGroupLevelDBm0, config.highGroupLevelDBm0)
            throw DTMFError.invalidSetting(name: name, value: value,
                                           expected: "levels whose two peaks sum to at most full scale (e.g. both ≤ −3 dBm0)")
        }
    }
}
