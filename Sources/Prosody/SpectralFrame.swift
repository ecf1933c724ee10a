/// Spectral balance and voice quality of one 10 ms hop (a 40 ms window ending with the hop),
/// measured inside the telephone band (300–3400 Hz) whatever the pipeline rate, so 8 kHz and
/// 16 kHz calls give comparable values. Every field except `levelDB` is a ratio, so none depends
/// on the line's gain.
public struct SpectralFrame: Sendable, Equatable, Codable {
    /// Level of the 300–3400 Hz band, dBFS. Absolute: only ever used relative to something.
    public var levelDB: Float
    /// Alpha ratio: level of 1–3.4 kHz minus level of 0.3–1 kHz, dB (eGeMAPS' sign: usually
    /// negative; rises with vocal effort, as in shouting).
    public var alphaRatioDB: Float
    /// Hammarberg index: strongest bin in 0.3–2 kHz minus strongest bin in 2–3.4 kHz, dB
    /// (falls with vocal effort).
    public var hammarbergDB: Float
    /// Least-squares slope of the dB spectrum over 0.3–3.4 kHz, dB per kHz (less steep = tenser).
    public var slopeDBPerKHz: Float
    /// The same slope over 0.3–1.5 kHz (first formant region), dB per kHz.
    public var slopeLowDBPerKHz: Float
    /// Levels of four sub-bands (0.3–0.7, 0.7–1.3, 1.3–2.2, 2.2–3.4 kHz) relative to the whole
    /// band, dB: a coarse spectral envelope (vowel quality, articulation).
    public var bandShapeDB: SIMD4<Float>
    /// Peak of the window-corrected normalised autocorrelation at lags of 60–500 Hz, 0…1
    /// (Boersma 1993): the periodic share of the signal, from which HNR follows.
    public var harmonicity: Float
    /// Mel-frequency cepstral coefficients 1–4 of 16 mel bands in 300–3400 Hz (DCT-II of the
    /// band levels in dB, each relative to the frame's level): the spectral envelope's tilt and
    /// curvature (eGeMAPS' MFCC 1–4, restricted to the telephone band).
    public var cepstrum: SIMD4<Float>
    /// Spectral flux: mean absolute change of 16 mel-spaced band levels (each relative to the
    /// frame's level) since the previous hop, dB. High in fast, energetic articulation.
    public var fluxDB: Float

    public init(levelDB: Float, alphaRatioDB: Float, hammarbergDB: Float, slopeDBPerKHz: Float,
                slopeLowDBPerKHz: Float, bandShapeDB: SIMD4<Float>, cepstrum: SIMD4<Float>, harmonicity: Float, fluxDB: Float) {
        self.levelDB = levelDB
        self.alphaRatioDB = alphaRatioDB
        self.hammarbergDB = hammarbergDB
        self.slopeDBPerKHz = slopeDBPerKHz
        self.slopeLowDBPerKHz = slopeLowDBPerKHz
        self.bandShapeDB = bandShapeDB
        self.cepstrum = cepstrum
        self.harmonicity = harmonicity
        self.fluxDB = fluxDB
    }

    /// What a silent hop reports.
    public static let silent = SpectralFrame(levelDB: -120, alphaRatioDB: 0, hammarbergDB: 0, slopeDBPerKHz: 0,
                                             slopeLowDBPerKHz: 0, bandShapeDB: .zero, cepstrum: .zero, harmonicity: 0, fluxDB: 0)

    /// Harmonics-to-noise ratio implied by `harmonicity`, dB, clamped to −20…+20 dB.
    public var hnrDB: Float {
        let r = min(0.99, max(0.01, harmonicity))
        return 10 * log10f(r / (1 - r))
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
