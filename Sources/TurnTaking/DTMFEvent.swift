/// One DTMF digit detected in the audio stream.
public struct DTMFEvent: Sendable, Equatable, CustomStringConvertible {
    /// One of `0`–`9`, `*`, `#`, `A`–`D`.
    public var digit: Character
    /// Estimated stream position (samples at 8 kHz since the detector's stream start) where the tone
    /// began. spandsp decides per 102-sample block, so the estimate is within about ±7 ms on a clean
    /// tone (see `DTMFDetector`).
    public var startSample: Int
    /// Estimated tone duration (spandsp decides per 12.75 ms block; within about ±13 ms on a clean
    /// tone). `nil` when the detector reports at tone start (`ReportTiming.toneStart`). A tone cut off
    /// by the end of the stream is measured up to that end.
    public var durationMs: Double?

    public init(digit: Character, startSample: Int, durationMs: Double? = nil) {
        self.digit = digit
        self.startSample = startSample
        self.durationMs = durationMs
    }

    /// Start time in seconds at 8 kHz.
    public var startSec: Double { Double(startSample) / Double(DTMFDetector.sampleRateHz) }

    public var description: String {
        let duration = durationMs.map { " \(Int($0.rounded())) ms" } ?? ""
        return "DTMF '\(digit)' at \(startSample)\(duration)"
    }
}

/// The sixteen DTMF digits, in keypad order (rows 697/770/852/941 Hz, columns 1209/1336/1477/1633 Hz).
public enum DTMFDigits {
    public static let all: [Character] = Array("123A456B789C*0#D")
    public static let rowFrequenciesHz: [Double] = [697, 770, 852, 941]
    public static let columnFrequenciesHz: [Double] = [1209, 1336, 1477, 1633]

    /// The (low-group, high-group) frequencies of `digit`, or `nil` if it is not a DTMF digit.
    public static func frequenciesHz(of digit: Character) -> (lowHz: Double, highHz: Double)? {
        guard let index = all.firstIndex(of: digit) else { return nil }
        return (rowFrequenciesHz[index / 4], columnFrequenciesHz[index % 4])
    }
}
