/// Errors from DSPCore. Each case says what was wrong and what would be right.
public enum DSPCoreError: Error, Equatable, CustomStringConvertible {
    /// A real FFT was asked for with a size FFTW's real transforms here do not support.
    case invalidFFTSize(Int)
    /// FFTW could not create a plan (out of memory, or an FFTW build without this size).
    case planCreationFailed(size: Int)
    /// FFTW wisdom text was rejected on import.
    case invalidWisdom

    public var description: String {
        switch self {
        case .invalidFFTSize(let n):
            return "FFT size \(n) is not supported: use an even size of at least 2 (powers of two are fastest)"
        case .planCreationFailed(let n):
            return "FFTW could not create a plan for a real FFT of size \(n)"
        case .invalidWisdom:
            return "FFTW rejected the wisdom text: pass a string produced by FFTPlanCache.exportWisdom()"
        }
    }
}
