import Foundation

/// Analysis windows. Built once in an analyser's `init`, never per frame.
public enum WindowFunction: Sendable, Equatable {
    case rectangular
    /// Hann with both zero end points outside the window: w[i] = 0.5 − 0.5·cos(2π(i+1)/(N+1)),
    /// the form Praat's pitch analysis uses, so no sample is wasted on a zero weight.
    case hann
    /// Hamming, symmetric: w[i] = 0.54 − 0.46·cos(2πi/(N−1)).
    case hamming

    /// The window's `length` coefficients.
    public func coefficients(length: Int) -> [Float] {
        guard length > 0 else { return [] }
        return (0..<length).map { i in
            let x = Double(i)
            switch self {
            case .rectangular:
                return 1
            case .hann:
                return Float(0.5 - 0.5 * cos(2 * Double.pi * (x + 1) / Double(length + 1)))
            case .hamming:
                guard length > 1 else { return 1 }
                return Float(0.54 - 0.46 * cos(2 * Double.pi * x / Double(length - 1)))
            }
        }
    }
}
