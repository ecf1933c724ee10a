/// Settings of `DTMFDetector`. Levels follow `DTMFLevel`'s dBm0 convention (full-scale sine = +3.14 dBm0).
public struct DTMFDetectorConfig: Sendable, Equatable {
    /// When a digit is reported.
    public enum ReportTiming: Sendable, Equatable {
        /// As soon as spandsp confirms the tone (≈ 23–36 ms after it begins): lowest latency, e.g.
        /// to stop a prompt on a key press. `durationMs` is `nil`.
        case toneStart
        /// When the tone ends (≈ 15–28 ms after it stops), with `durationMs`. The usual choice for
        /// collecting digits; a held key is reported once, on release.
        case toneEnd
    }

    /// Minimum level of EACH of the two tones, in dBm0. Default −30: ITU-T Q.24 receivers must accept
    /// tones down to about −25 dBm0 per tone (spandsp's own header: "attenuation ≤ 26 dB will detect"),
    /// so −30 leaves 5 dB for extra line loss and G.711 quantisation. Below that we would only gain
    /// tones the network does not promise, and we would start to hear faint in-band tones that are
    /// not this caller's key presses (crosstalk; echo of DTMF we send ourselves, which arrives near
    /// −40 dBm0 with 30 dB of echo return loss). spandsp's default is −42; on our speech corpus both
    /// gave zero talk-off, so the choice rests on the above, not on talk-off. Whole dB: spandsp 0.0.6
    /// takes an `int`. spandsp's calibration matches `DTMFLevel`: with −30, all 16 digits are found at
    /// −29 dBm0, some at −30, none at −31.
    public var minimumLevelDBm0: Int
    /// How far the low-group tone may exceed the high-group tone, in dB (spandsp's "normal twist";
    /// lines attenuate the high group). spandsp's default 8 dB. In practice +6 dB is reliable and +7 dB
    /// already loses digit 7: spandsp also requires the other column filters to be 8 dB below the
    /// best one, and a strong row tone leaks into them through the short 102-sample window.
    public var maxLowGroupAboveHighGroupDB: Int
    /// How far the high-group tone may exceed the low-group tone, in dB (spandsp's "reverse twist";
    /// phones pre-emphasise the high group by ≈ 2 dB). spandsp's default 4 dB.
    public var maxHighGroupAboveLowGroupDB: Int
    /// Notch out 350 Hz and 440 Hz before detection (North American dial tone). Off by default:
    /// an IVR leg carries no dial tone once the call is answered. Tested: with it on, all 16 digits
    /// at −25…−3 dBm0 are still found, and digits under −13 dBm0 dial tone are found only with it on.
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
