import DSPCore
import Foundation

/// One normalised autocorrelation on a fine lag grid: the inverse FFT of a power spectrum P
/// compressed to (P + F)^e − F^e (F = `floorRatio` × the frame's largest bin; e = 1: plain P),
/// zero-padded to `fftSize`, divided by the window's own autocorrelation made the same way.
final class Autocorrelation {
    private let inverse: RealFFT
    private let exponent: Float
    private let floorRatio: Float
    /// Normalised values for fine lags 0..<lags.
    let r: UnsafeMutableBufferPointer<Float>
    private let windowCorrection: UnsafeMutableBufferPointer<Float>

    init(fftSize: Int, lags: Int, exponent: Float, floorRatio: Float, effort: FFTPlanningEffort) throws {
        inverse = try RealFFT(size: fftSize, effort: effort)
        self.exponent = exponent
        self.floorRatio = floorRatio
        r = .allocate(capacity: lags)
        r.initialize(repeating: 0)
        windowCorrection = .allocate(capacity: lags)
        windowCorrection.initialize(repeating: 1)
    }

    deinit {
        r.deallocate()
        windowCorrection.deallocate()
    }

    func computeWindowCorrection(from fft: RealFFT) {
        runInverse(from: fft)
        let r0 = inverse.signal[0]
        for lag in 0..<windowCorrection.count { windowCorrection[lag] = inverse.signal[lag] / r0 }
    }

    /// Fills `r` from the power spectrum in `fft.spectrum`; false for a silent frame.
    func compute(from fft: RealFFT) -> Bool {
        runInverse(from: fft)
        let energy = inverse.signal[0]
        guard energy > 0, energy.isFinite else { return false }
        for lag in 0..<r.count { r[lag] = inverse.signal[lag] / (energy * windowCorrection[lag]) }
        return true
    }

    private func runInverse(from fft: RealFFT) {
        let bins = fft.size / 2
        let source = fft.spectrum
        let fine = inverse.spectrum
        var k = 0
        if exponent == 1 {
            while k <= 2 * bins { fine[k] = source[k]; fine[k + 1] = 0; k += 2 }
        } else {
            // Compress only above a floor relative to the strongest bin, so that noise and weak
            // aliasing products are not lifted to the level of the harmonics.
            var top: Float = 0
            while k <= 2 * bins { top = max(top, source[k]); k += 2 }
            let floor = floorRatio * top
            let offset = exponent == 0.5 ? floor.squareRoot() : pow(floor, exponent)
            k = 0
            while k <= 2 * bins {
                let v = source[k] + floor
                fine[k] = (exponent == 0.5 ? v.squareRoot() : pow(v, exponent)) - offset
                fine[k + 1] = 0
                k += 2
            }
        }
        // Zero-padding: the old Nyquist bin splits between ±N/2.
        if inverse.size > fft.size {
            fine[2 * bins] *= 0.5
            for k in (2 * bins + 2)..<fine.count { fine[k] = 0 }
        }
        inverse.inverse()
    }
}
