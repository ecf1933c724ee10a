import DSPCore
import Foundation

/// Per-frame F0 candidates from normalised autocorrelations (after Boersma 1993, Praat's ac method).
///
/// The frame is mean-removed, Hann-windowed, zero-padded and transformed once. Two
/// autocorrelations come from its power spectrum P, each divided by the window's own
/// autocorrelation (computed the same way) so that a periodic signal scores ≈ 1 at its period:
/// - the ordinary one (P inverted, as Praat) measures *how periodic* the frame is: it decides
///   voicing and is reported as the periodicity;
/// - a flattened one (P^e inverted, e < 1) decides *which period*. Once the telephone band has
///   removed the fundamental, one strong harmonic near a formant can make a multiple of F0 look
///   as periodic as F0 in the ordinary autocorrelation; flattening gives the weaker harmonics
///   their say, and they are in phase only at the true period.
/// Voiced candidates are the flattened autocorrelation's peaks, shifted so that the best one
/// scores the ordinary periodicity.
///
/// Both are evaluated on a lag grid finer than the sample grid (the spectrum zero-padded before
/// the inverse FFT: exact band-limited interpolation), so a peak between two samples keeps its
/// height; otherwise a high voice at 8 kHz loses to a sub-multiple that falls on a whole sample.
final class PitchFrameAnalyzer {
    let windowLength: Int
    private let sampleRateHz: Float
    private let minF0Hz: Float
    private let maxF0Hz: Float
    /// Lag search range on the fine grid.
    private let minLag: Int
    private let maxLag: Int
    private let peakHalfWidth: Int
    private let voicingThreshold: Float
    private let silenceThresholdRatio: Float
    private let octaveCostPerOctave: Float
    private let maxCandidates: Int
    /// Lag steps per sample on the fine grid.
    private let oversampling: Int

    private let fft: RealFFT
    private let ordinary: Autocorrelation
    private let flattened: Autocorrelation?
    private let window: UnsafeMutableBufferPointer<Float>

    init(config: PitchTrackerConfig) throws {
        sampleRateHz = Float(config.sampleRateHz)
        minF0Hz = config.minF0Hz
        maxF0Hz = config.maxF0Hz
        voicingThreshold = config.voicingThreshold
        silenceThresholdRatio = config.silenceThresholdRatio
        octaveCostPerOctave = config.octaveCostPerOctave
        maxCandidates = config.maxCandidates
        var length = Int((config.periodsPerWindow * sampleRateHz / minF0Hz).rounded())
        length += length % 2
        windowLength = length
        var factor = 1
        while factor * config.sampleRateHz < config.correlationRateHz { factor *= 2 }
        oversampling = factor
        let fineRate = sampleRateHz * Float(factor)
        minLag = max(2 * factor, Int((fineRate / maxF0Hz).rounded(.down)))
        maxLag = min(Int((fineRate / minF0Hz).rounded(.up)) + factor, (length - 2) * factor)
        peakHalfWidth = Int((0.5 * sampleRateHz / minF0Hz).rounded())
        // Zero-padding to ≥ window + longest lag keeps the circular autocorrelation linear there.
        var size = 64
        while size < length + maxLag / factor + 2 { size *= 2 }
        fft = try RealFFT(size: size, effort: config.fftPlanningEffort)
        ordinary = try Autocorrelation(fftSize: size * factor, lags: maxLag + 2, exponent: 1, floorRatio: 0,
                                       effort: config.fftPlanningEffort)
        flattened = config.candidateSpectrumExponent == 1 ? nil
            : try Autocorrelation(fftSize: size * factor, lags: maxLag + 2, exponent: config.candidateSpectrumExponent,
                                  floorRatio: config.candidateSpectrumFloorRatio, effort: config.fftPlanningEffort)

        window = .allocate(capacity: length)
        _ = window.initialize(from: WindowFunction.hann.coefficients(length: length))
        // The window's own autocorrelations, to divide out.
        transform(UnsafePointer(window.baseAddress!), subtractMean: false, windowed: false)
        ordinary.computeWindowCorrection(from: fft)
        flattened?.computeWindowCorrection(from: fft)
    }

    deinit { window.deallocate() }

    /// Windowed frame → power spectrum in `fft.spectrum`'s real parts.
    private func transform(_ frame: UnsafePointer<Float>, subtractMean: Bool, windowed: Bool) {
        var mean: Float = 0
        if subtractMean {
            for i in 0..<windowLength { mean += frame[i] }
            mean /= Float(windowLength)
        }
        let x = fft.signal
        for i in 0..<windowLength {
            x[i] = windowed ? (frame[i] - mean) * window[i] : frame[i] - mean
        }
        for i in windowLength..<fft.size { x[i] = 0 }
        fft.forward()
        fft.squareMagnitudesInPlace()
    }

    /// Largest |x − mean| within half a longest period of the frame's centre (Praat's local peak).
    func localPeak(_ frame: UnsafePointer<Float>) -> Float {
        let centre = windowLength / 2
        var mean: Float = 0
        for i in 0..<windowLength { mean += frame[i] }
        mean /= Float(windowLength)
        var peak: Float = 0
        for i in max(0, centre - peakHalfWidth)..<min(windowLength, centre + peakHalfWidth) {
            peak = max(peak, abs(frame[i] - mean))
        }
        return peak
    }

    /// Fills `candidates` for one frame of `windowLength` samples. `peakRatio` is the frame's
    /// local peak over the loudness reference. Returns the frame's periodicity (0…1).
    func analyze(_ frame: UnsafePointer<Float>, peakRatio: Float, into candidates: PitchCandidates) -> Float {
        // The unvoiced candidate: stronger the quieter the frame (Praat's silence rule).
        let silenceScale = silenceThresholdRatio / (1 + voicingThreshold)
        let quietness = silenceScale > 0 ? max(0, 2 - peakRatio / silenceScale) : 0
        candidates.set(0, frequencyHz: 0, strength: voicingThreshold + quietness)
        candidates.count = 1

        transform(frame, subtractMean: true, windowed: true)
        guard ordinary.compute(from: fft) else { return 0 }
        var periodicity: Float = 0
        forEachPeak(in: ordinary.r, above: 0) { _, strength in periodicity = max(periodicity, strength) }

        let shape = flattened ?? ordinary
        if let flattened { guard flattened.compute(from: fft) else { return periodicity } }
        var bestShape: Float = 0
        forEachPeak(in: shape.r, above: 0.25 * voicingThreshold) { f, strength in
            bestShape = max(bestShape, strength)
            insert(frequencyHz: f, strength: strength, into: candidates)
        }
        // Ranking from the flattened autocorrelation, level from the ordinary one.
        let shift = periodicity - bestShape
        for i in 1..<max(1, candidates.count) { candidates.strengths[i] += shift }
        return periodicity
    }

    /// Calls `body(frequencyHz, strength)` for each local maximum of `r` in the lag range,
    /// refined by parabolic interpolation.
    @inline(__always)
    private func forEachPeak(in r: UnsafeMutableBufferPointer<Float>, above minimum: Float,
                             _ body: (Float, Float) -> Void) {
        for lag in minLag...maxLag where r[lag] > minimum && r[lag] > r[lag - 1] && r[lag] >= r[lag + 1] {
            let dr = 0.5 * (r[lag + 1] - r[lag - 1])
            let d2r = 2 * r[lag] - r[lag - 1] - r[lag + 1]
            let offset = d2r > 0 ? dr / d2r : 0
            var strength = r[lag] + 0.5 * dr * offset
            // Short windows can push the normalised value past 1: reflect it back (as Praat).
            if strength > 1 { strength = 1 / strength }
            let f = sampleRateHz * Float(oversampling) / (Float(lag) + offset)
            guard f >= minF0Hz, f <= maxF0Hz else { continue }
            body(f, strength)
        }
    }

    /// Adds a voiced candidate, replacing the weakest (high frequencies favoured) when full.
    private func insert(frequencyHz f: Float, strength: Float, into c: PitchCandidates) {
        if c.count < maxCandidates {
            c.set(c.count, frequencyHz: f, strength: strength)
            c.count += 1
            return
        }
        func local(_ i: Int) -> Float { c.strengths[i] + octaveCostPerOctave * log2(c.frequencies[i] / minF0Hz) }
        var weakest = 1
        for i in 2..<c.count where local(i) < local(weakest) { weakest = i }
        if strength + octaveCostPerOctave * log2(f / minF0Hz) > local(weakest) {
            c.set(weakest, frequencyHz: f, strength: strength)
        }
    }
}
