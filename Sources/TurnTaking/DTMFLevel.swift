import Foundation

/// The dBm0 convention used by the DTMF detector and generator.
///
/// We follow spandsp (and ITU-T G.711): **a full-scale sine is +3.14 dBm0**, so a sine at `L` dBm0
/// has peak amplitude `10^((L − 3.14)/20)` of full scale (1.0 in the pipeline's Float samples,
/// 32768 in Int16). Its RMS is 3.01 dB lower than its peak, so `L` dBm0 ≈ `L − 6.15` dBFS RMS
/// (with `Level`'s convention, where a full-scale sine measures −3.01 dBFS).
///
/// G.711 gives +3.14 dBm0 for A-law and +3.17 dBm0 for µ-law; spandsp uses 3.14 for both, and so do
/// we (0.03 dB is far below any DTMF tolerance). Levels are per tone: a DTMF digit "at −25 dBm0"
/// is two sines of −25 dBm0 each (unless twist says otherwise).
public enum DTMFLevel {
    /// dBm0 of a full-scale sine (spandsp's `DBM0_MAX_SINE_POWER`).
    public static let fullScaleSineDBm0: Double = 3.14

    /// Peak amplitude (full scale = 1.0) of a sine at `dBm0`.
    @inlinable
    public static func sineAmplitude(dBm0: Double) -> Double {
        pow(10, (dBm0 - fullScaleSineDBm0) / 20)
    }

    /// Level in dBm0 of a sine with peak `amplitude` (full scale = 1.0).
    @inlinable
    public static func dBm0(sineAmplitude amplitude: Double) -> Double {
        20 * log10(amplitude) + fullScaleSineDBm0
    }
}
