import DSPCore
import Foundation

/// Per-frame F0 candidates from the normalised autocorrelation (Boersma 1993, Praat's ac method).
///
/// The frame is mean-removed, Hann-windowed, zero-padded and autocorrelated through the FFT
/// (|X|² inverted); dividing by the window's own autocorrelation undoes the window's taper, so a
/// perfectly periodic signal scores ≈ 1 at its period whatever its spectrum — including when
/// the fundamental itself is missing (telephone band), since every harmonic is in phase there.
///
/// The autocorrelation is evaluated on a finer lag grid than the sample grid (the power
/// spectrum zero-padded before the inverse FFT: exact band-limited interpolation), so a peak
/// between two samples keeps its height. Without it a sharp peak at a non-integer period (a high
/// voice at 8 kHz) loses to a sub-multiple that happens to fall on a whole sample.
final class PitchFrameAnalyzer {
    let windowLength: Int
    private let sampleRateHz: Float
    private let minF0Hz: Float
    private let maxF0Hz: Float
    private let minLag: Int
    private let maxLag: Int
    private let peakHalfWidth: Int
    private let voicingThreshold: Float
    private let silenceThresholdRatio: Float
    private let octaveCostPerOctave: Float
    private let maxCandidates: Int

    private let fft: RealFFT
    /// Inverse transform at `oversampling` × the FFT size.
    private let fineFFT: RealFFT
    /// Lag steps per sample in `r` and `windowAutocorrelation`.
    private let oversampling: Int
    private let window: UnsafeMutableBufferPointer<Float>
    /// The window's autocorrelation, normalised to 1 at lag 0, for fine lags 0…maxLag+1.
    private let windowAutocorrelation: UnsafeMutableBufferPointer<Float>
    /// The frame's normalised autocorrelation for fine lags 0…maxLag+1 (lags in 1/oversampling samples).
    private let r: UnsafeMutableBufferPointer<Float>

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
        fft = try RealFFT(size: size)
        fineFFT = factor == 1 ? fft : try RealFFT(size: size * factor)

        window = .allocate(capacity: length)
        _ = window.initialize(from: WindowFunction.hann.coefficients(length: length))
        windowAutocorrelation = .allocate(capacity: maxLag + 2)
        r = .allocate(capacity: maxLag + 2)
        r.initialize(repeating: 0)
        autocorrelate(UnsafePointer(window.baseAddress!), subtractMean: false, windowed: false)
        let r0 = fineFFT.signal[0]
        for lag in 0..<(maxLag + 2) { windowAutocorrelation[lag] = fineFFT.signal[lag] / r0 }
    }

    deinit {
        window.deallocate()
        windowAutocorrelation.deallocate()
        r.deallocate()
    }

    /// Leaves the (unnormalised) autocorrelation of the frame, on the fine lag grid, in
    /// `fineFFT.signal`.
    private func autocorrelate(_ frame: UnsafePointer<Float>, subtractMean: Bool, windowed: Bool) {
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
        if oversampling > 1 {
            // Zero-pad the power spectrum; the old Nyquist bin splits between ±N/2.
            let bins = fft.size / 2
            let fine = fineFFT.spectrum
            for k in 0..<(2 * bins) { fine[k] = fft.spectrum[k] }
            fine[2 * bins] = 0.5 * fft.spectrum[2 * bins]
            for k in (2 * bins + 1)..<fine.count { fine[k] = 0 }
        }
        fineFFT.inverse()
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
    /// local peak over the loudness reference. Returns the strongest voiced candidate's strength.
    func analyze(_ frame: UnsafePointer<Float>, peakRatio: Float, into candidates: PitchCandidates) -> Float {
        // The unvoiced candidate: stronger the quieter the frame (Praat's silence rule).
        let silenceScale = silenceThresholdRatio / (1 + voicingThreshold)
        let quietness = silenceScale > 0 ? max(0, 2 - peakRatio / silenceScale) : 0
        candidates.set(0, frequencyHz: 0, strength: voicingThreshold + quietness)
        candidates.count = 1

        autocorrelate(frame, subtractMean: true, windowed: true)
        let ac = fineFFT.signal
        let energy = ac[0]
        guard energy > 0, energy.isFinite else { return 0 }
        for lag in 0..<(maxLag + 2) { r[lag] = ac[lag] / (energy * windowAutocorrelation[lag]) }

        var best: Float = 0
        let minStrength = 0.5 * voicingThreshold
        for lag in minLag...maxLag where r[lag] > minStrength && r[lag] > r[lag - 1] && r[lag] >= r[lag + 1] {
            // Parabolic interpolation of the peak's position and height.
            let dr = 0.5 * (r[lag + 1] - r[lag - 1])
            let d2r = 2 * r[lag] - r[lag - 1] - r[lag + 1]
            let offset = d2r > 0 ? dr / d2r : 0
            var strength = r[lag] + 0.5 * dr * offset
            // Short windows can push the normalised value past 1: reflect it back (as Praat).
            if strength > 1 { strength = 1 / strength }
            let f = sampleRateHz * Float(oversampling) / (Float(lag) + offset)
            guard f >= minF0Hz, f <= maxF0Hz else { continue }
            best = max(best, strength)
            insert(frequencyHz: f, strength: strength, into: candidates)
        }
        return best
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

/// A frame's candidate list in preallocated storage: index 0 is the unvoiced candidate
/// (frequency 0), the rest are voiced.
final class PitchCandidates {
    let frequencies: UnsafeMutableBufferPointer<Float>
    let strengths: UnsafeMutableBufferPointer<Float>
    var count = 0

    init(capacity: Int) {
        frequencies = .allocate(capacity: capacity)
        frequencies.initialize(repeating: 0)
        strengths = .allocate(capacity: capacity)
        strengths.initialize(repeating: 0)
    }

    deinit {
        frequencies.deallocate()
        strengths.deallocate()
    }

    @inline(__always)
    func set(_ i: Int, frequencyHz: Float, strength: Float) {
        frequencies[i] = frequencyHz
        strengths[i] = strength
    }
}
