import CFFTW

/// A real-to-complex FFT of one size with its own aligned buffers.
///
/// `init` allocates and fetches the shared plans (see `FFTPlanCache`); `forward()` and `inverse()`
/// then run with no allocation, lock or system call, using FFTW's new-array execute on this
/// instance's buffers. One instance belongs to one owner (not thread-safe itself); make one per
/// stream or per thread.
///
/// Conventions are FFTW's: `forward()` computes X[k] = Σ x[n]·e^(−2πikn/N) for k = 0…N/2 into
/// `spectrum`; `inverse()` computes the unnormalised inverse, so forward then inverse scales the
/// signal by N.
public final class RealFFT {
    public let size: Int
    /// N/2 + 1: the bins of a real signal's spectrum (DC … Nyquist).
    public var binCount: Int { size / 2 + 1 }

    /// Time-domain samples: the input of `forward()`, the output of `inverse()`.
    public let signal: UnsafeMutableBufferPointer<Float>
    /// Spectrum as interleaved (re, im) pairs, `binCount` of them: the output of `forward()` and
    /// the input of `inverse()` (which overwrites it: FFTW's c2r destroys its input).
    public let spectrum: UnsafeMutableBufferPointer<Float>

    private let plans: FFTPlanCache.Plans
    private let complexBase: UnsafeMutablePointer<fftwf_complex>

    public init(size: Int, effort: FFTPlanningEffort = .measure) throws {
        guard size >= 2, size % 2 == 0 else { throw DSPCoreError.invalidFFTSize(size) }
        self.size = size
        plans = try FFTPlanCache.shared.plans(size: size, effort: effort)
        guard let real = fftwf_alloc_real(size), let complex = fftwf_alloc_complex(size / 2 + 1) else {
            throw DSPCoreError.planCreationFailed(size: size)
        }
        real.initialize(repeating: 0, count: size)
        complexBase = complex
        signal = UnsafeMutableBufferPointer(start: real, count: size)
        let floats = UnsafeMutableRawPointer(complex).bindMemory(to: Float.self, capacity: size + 2)
        floats.initialize(repeating: 0, count: size + 2)
        spectrum = UnsafeMutableBufferPointer(start: floats, count: size + 2)
    }

    deinit {
        fftwf_free(signal.baseAddress)
        fftwf_free(complexBase)
    }

    /// `signal` → `spectrum`.
    @inline(__always)
    public func forward() {
        fftwf_execute_dft_r2c(plans.forward, signal.baseAddress, complexBase)
    }

    /// `spectrum` → `signal`, unnormalised (× N). Destroys `spectrum`.
    @inline(__always)
    public func inverse() {
        fftwf_execute_dft_c2r(plans.inverse, complexBase, signal.baseAddress)
    }

    /// Replaces each bin by its power |X[k]|² (imaginary part 0): the spectrum that `inverse()`
    /// turns into the signal's circular autocorrelation (× N).
    public func squareMagnitudesInPlace() {
        var k = 0
        while k < size + 2 {
            let re = spectrum[k], im = spectrum[k + 1]
            spectrum[k] = re * re + im * im
            spectrum[k + 1] = 0
            k += 2
        }
    }

    /// |X[bin]|².
    @inline(__always)
    public func power(bin: Int) -> Float {
        let re = spectrum[2 * bin], im = spectrum[2 * bin + 1]
        return re * re + im * im
    }
}
