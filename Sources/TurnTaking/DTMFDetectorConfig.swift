/// Settings of `DTMFDetector`. Levels follow `DTMFLevel`'s dBm0 convention (full-scale sine = +3.14 dBm0).
public struct DTMFDetectorConfig: Sendable, Equatable {
    /// When a digit is reported.
    public enum ReportTiming: Sendable, Equatable {
        /// As soon as spandsp confirms the tone (≈ 26–38 ms after it begins): lowest latency, e.g.
        /// to stop a prompt on a key press. `durationMs` is `nil`.
        case toneStart
        /// When the tone ends (≈ 15–28 ms after it stops), with `durationMs`. The usual choice for
        /// collecting digits; a held key is reported once, on release.
        case toneEnd
    }

    /// Minimum level of EACH of the two tones, in dBm0. Default −30: ITU-T Q.24 receivers must accept
    /// tones down to about −25 dBm0 per tone (spandsp's own header: "attenuation ≤ 26 dB will detect"),
    /// so −30 leaves 5 dB for extra line loss and G.711 quantisation, while refusing the faint
    /// tone-like content (far-end background, echo of our own prompts) that spandsp's −42 dBm0
    /// default lets through. Whole dB: spandsp 0.0.6 takes an `int`.
    public var minimumLevelDBm0: Int
    /// How far the low-group tone may exceed the high-group tone, in dB (spandsp's "normal twist";
    /// lines attenuate the high group). spandsp's default 8 dB, as in most national specs.
    public var maxLowGroupAboveHighGroupDB: Int
    /// How far the high-group tone may exceed the low-group tone, in dB (spandsp's "reverse twist";
    /// phones pre-emphasise the high group by ≈ 2 dB). spandsp's default 4 dB.
    public var maxHighGroupAboveLowGroupDB: Int
    /// Notch out 350 Hz and 440 Hz before detection (North American dial tone). Off by default:
    /// an IVR leg carries no dial tone, and the notches colour 697 Hz slightly.
    public var filterDialTone: Bool
    public var reportTiming: ReportTiming

    public init(minimumLevelDBm0: Int = -30,
                maxLowGroupAboveHighGroupDB: Int = 8,
                maxHighGroupAboveLowGroupDB: Int = 4,
                filterDialTone: Bool = false,
                reportTiming: ReportTiming = .toneEnd) {
        self.minimumLevelDBm0 = minimumLevelDBm0
        self.maxLowGroupAboveHighGroupDB = maxLowGroupAboveHighGroupDB
        self.maxHighGroupAboveLowGroupDB = maxHighGroupAboveLowGroupDB
        self.filterDialTone = filterDialTone
        self.reportTiming = reportTiming
    }
}
