/// The two sample rates the analysis pipeline runs at.
///
/// Telephone-band input (≤ 8 kHz) runs at 8 kHz; anything wider runs at 16 kHz, the wideband
/// telephony rate (G.722, Opus SILK-WB). Both are rates the webrtc front end accepts.
public enum PipelineRate: Int, Sendable, CaseIterable, Codable {
    case narrowband = 8000
    case wideband = 16000

    public var hz: Int { rawValue }

    /// Samples in one 10 ms hop at this rate.
    public var hopSamples: Int { rawValue / 100 }

    /// The default pipeline rate for a source: 8 kHz for telephone-band input, 16 kHz otherwise.
    public static func defaultFor(sourceRateHz: Int) -> PipelineRate {
        sourceRateHz <= 8000 ? .narrowband : .wideband
    }
}
