import DSPCore
import Foundation

/// Per-hop spectral balance and harmonicity (see `SpectralFrame`): one Hann-windowed 40 ms
/// frame ending with each 10 ms hop, one forward FFT for the band measures and one inverse FFT
/// of the power spectrum for the autocorrelation.
///
/// Kernel contract: `init` allocates everything; `process(hop:)` does not allocate, lock or log.
/// One instance per stream (it keeps the last 40 ms of audio and the previous hop's bands).
public final class SpectralBalanceAnalyzer {
    public struct Config: Sendable, Equatable {
        public var windowMs: Int = 40
        /// Band the measures are taken in: telephone band, so 8 and 16 kHz calls compare.
        public var lowHz: Float = 300
        public var highHz: Float = 3400
        /// Alpha ratio split (Sundberg / eGeMAPS: 1 kHz).
        public var alphaSplitHz: Float = 1000
        /// Hammarberg split (eGeMAPS: 2 kHz).
        public var hammarbergSplitHz: Float = 2000
        /// Upper edge of the low-frequency slope.
        public var lowSlopeHighHz: Float = 1500
        /// Sub-band edges for `bandShapeDB` (five edges, four bands).
        public var shapeEdgesHz: [Float] = [300, 700, 1300, 2200, 3400]
        /// Lag range for harmonicity, as F0.
        public var minF0Hz: Float = 60
        public var maxF0Hz: Float = 500
        /// Bands for spectral flux (mel-spaced between lowHz and highHz).
        public var fluxBands: Int = 16
        public init() {}
    }

    public let config: Config
    public let sampleRateHz: Int
    private let hopSamples: Int
    private let windowLength: Int
    private let fft: RealFFT
    private let binHz: Float
    private let window: UnsafeMutableBufferPointer<Float>
    private let windowAutocorrelation: UnsafeMutableBufferPointer<Float>
    private let recent: UnsafeMutableBufferPointer<Float>
    private let binDB: UnsafeMutableBufferPointer<Float>
    private let fluxLevels: UnsafeMutableBufferPointer<Float>
    private let previousFluxLevels: UnsafeMutableBufferPointer<Float>
    /// DCT-II basis, rows 0…4 over the flux bands (orthonormal scaling).
    private let dct: UnsafeMutableBufferPointer<Float>
    private var hasPrevious = false
    private let lo: Int, hi: Int, alphaSplit: Int, hammarbergSplit: Int, lowSlopeHigh: Int
    private let shapeEdges: [Int]
    private let fluxEdges: [Int]
    private let minLag: Int, maxLag: Int

    public init(config: Config = .init(), sampleRateHz: Int) throws {
        precondition(config.shapeEdgesHz.count == 5, "four shape bands need five edges")
        self.config = config
        self.sampleRateHz = sampleRateHz
        hopSamples = sampleRateHz / 100
        windowLength = sampleRateHz * config.windowMs / 1000
        let rate = Float(sampleRateHz)
        minLag = max(2, Int((rate / config.maxF0Hz).rounded(.down)))
        maxLag = min(windowLength - 2, Int((rate / config.minF0Hz).rounded(.up)))
        var size = 64
        while size < windowLength + maxLag + 2 { size *= 2 }
        // ESTIMATE planning: as fast at these sizes (see PitchTrackerConfig) and the same plan on
        // every run and machine, so results are reproducible.
        fft = try RealFFT(size: size, effort: .estimate)
        binHz = rate / Float(size)
        func bin(_ hz: Float) -> Int { min(size / 2, max(1, Int((hz / rate * Float(size)).rounded()))) }
        lo = bin(config.lowHz)
        hi = bin(min(config.highHz, rate / 2 - binHz))
        alphaSplit = bin(config.alphaSplitHz)
        hammarbergSplit = bin(config.hammarbergSplitHz)
        lowSlopeHigh = bin(config.lowSlopeHighHz)
        shapeEdges = config.shapeEdgesHz.map(bin)
        func mel(_ hz: Float) -> Float { 2595 * log10(1 + hz / 700) }
        func hz(_ mel: Float) -> Float { 700 * (pow(10, mel / 2595) - 1) }
        let (m0, m1) = (mel(config.lowHz), mel(config.highHz))
        fluxEdges = (0...config.fluxBands).map { bin(hz(m0 + (m1 - m0) * Float($0) / Float(config.fluxBands))) }

        window = .allocate(capacity: windowLength)
        _ = window.initialize(from: WindowFunction.hann.coefficients(length: windowLength))
        recent = .allocate(capacity: windowLength)
        recent.initialize(repeating: 0)
        binDB = .allocate(capacity: size / 2 + 1)
        binDB.initialize(repeating: 0)
        fluxLevels = .allocate(capacity: config.fluxBands)
        fluxLevels.initialize(repeating: 0)
        previousFluxLevels = .allocate(capacity: config.fluxBands)
        previousFluxLevels.initialize(repeating: 0)
        windowAutocorrelation = .allocate(capacity: maxLag + 2)
        let bands = config.fluxBands
        dct = .allocate(capacity: 5 * bands)
        for c in 0..<5 {
            for b in 0..<bands {
                dct[c * bands + b] = (2 / Float(bands)).squareRoot() * cos(Float.pi * Float(c) * (Float(b) + 0.5) / Float(bands))
            }
        }
        // The window's own autocorrelation, to undo its taper (Boersma 1993).
        for i in 0..<size { fft.signal[i] = i < windowLength ? window[i] : 0 }
        fft.forward()
        fft.squareMagnitudesInPlace()
        fft.inverse()
        let r0 = fft.signal[0]
        for lag in 0..<(maxLag + 2) { windowAutocorrelation[lag] = fft.signal[lag] / r0 }
    }

    deinit {
        window.deallocate()
        windowAutocorrelation.deallocate()
        recent.deallocate()
        binDB.deallocate()
        fluxLevels.deallocate()
        previousFluxLevels.deallocate()
        dct.deallocate()
    }

    /// Measures the 40 ms ending with `hop` (exactly one 10 ms hop). No allocation.
    public func process(hop: UnsafeBufferPointer<Float>) -> SpectralFrame {
        precondition(hop.count == hopSamples, "a hop is exactly 10 ms")
        let keep = windowLength - hopSamples
        for i in 0..<keep { recent[i] = recent[i + hopSamples] }
        for i in 0..<hopSamples { recent[keep + i] = hop[i] }

        var mean: Float = 0
        for i in 0..<windowLength { mean += recent[i] }
        mean /= Float(windowLength)
        for i in 0..<fft.size { fft.signal[i] = i < windowLength ? (recent[i] - mean) * window[i] : 0 }
        fft.forward()

        var total: Float = 0, low: Float = 0, high: Float = 0
        var shape = SIMD4<Float>(repeating: 0)
        var peakLow: Float = 0, peakHigh: Float = 0
        for k in lo...hi {
            let p = fft.power(bin: k)
            binDB[k] = 10 * log10(p + 1e-20)
            total += p
            if k < alphaSplit { low += p } else { high += p }
            if k < hammarbergSplit { peakLow = max(peakLow, p) } else { peakHigh = max(peakHigh, p) }
            for b in 0..<4 where k >= shapeEdges[b] && k < shapeEdges[b + 1] { shape[b] += p }
        }
        guard total > 1e-12 else {
            hasPrevious = false
            return .silent
        }
        let totalDB = 10 * log10(total)
        // Mean square of the windowed frame inside the band, dBFS (Parseval, Hann power gain 3/8).
        let levelDB = 10 * log10(2 * total / (Float(fft.size) * Float(windowLength) * 0.375))
        var shapeDB = SIMD4<Float>(repeating: 0)
        for b in 0..<4 { shapeDB[b] = 10 * log10(shape[b] + 1e-20) - totalDB }

        let flux = spectralFlux(totalDB: totalDB)
        var cepstrum = SIMD4<Float>(repeating: 0)
        for c in 0..<4 {
            var sum: Float = 0
            for b in 0..<config.fluxBands { sum += fluxLevels[b] * dct[(c + 1) * config.fluxBands + b] }
            cepstrum[c] = sum
        }
        let slope = dbSlope(from: lo, to: hi)
        let slopeLow = dbSlope(from: lo, to: lowSlopeHigh)
        let harmonicity = peakHarmonicity()
        return SpectralFrame(levelDB: max(-120, levelDB),
                             alphaRatioDB: 10 * log10((high + 1e-20) / (low + 1e-20)),
                             hammarbergDB: 10 * log10((peakLow + 1e-20) / (peakHigh + 1e-20)),
                             slopeDBPerKHz: slope, slopeLowDBPerKHz: slopeLow, bandShapeDB: shapeDB,
                             cepstrum: cepstrum, harmonicity: harmonicity, fluxDB: flux)
    }

    /// Least-squares slope of `binDB` over bins `a…b`, dB per kHz.
    private func dbSlope(from a: Int, to b: Int) -> Float {
        var sx: Float = 0, sy: Float = 0, sxx: Float = 0, sxy: Float = 0
        let n = Float(b - a + 1)
        for k in a...b {
            let x = Float(k) * binHz / 1000, y = binDB[k]
            sx += x; sy += y; sxx += x * x; sxy += x * y
        }
        let d = n * sxx - sx * sx
        return d > 0 ? (n * sxy - sx * sy) / d : 0
    }

    private func spectralFlux(totalDB: Float) -> Float {
        let bands = config.fluxBands
        for b in 0..<bands {
            var e: Float = 0
            let end = max(fluxEdges[b] + 1, fluxEdges[b + 1])
            for k in fluxEdges[b]..<end { e += fft.power(bin: k) }
            fluxLevels[b] = max(-60, 10 * log10(e + 1e-20) - totalDB)  // floor: empty bands carry no news
        }
        var flux: Float = 0
        if hasPrevious {
            for b in 0..<bands { flux += abs(fluxLevels[b] - previousFluxLevels[b]) }
            flux /= Float(bands)
        }
        for b in 0..<bands { previousFluxLevels[b] = fluxLevels[b] }  // fluxLevels stay for the cepstrum
        hasPrevious = true
        return flux
    }

    /// Highest window-corrected normalised autocorrelation over the F0 lags, with parabolic
    /// interpolation of the peak. Destroys the spectrum.
    private func peakHarmonicity() -> Float {
        fft.squareMagnitudesInPlace()
        fft.inverse()
        let r0 = fft.signal[0]
        guard r0 > 0 else { return 0 }
        @inline(__always) func r(_ lag: Int) -> Float { fft.signal[lag] / r0 / windowAutocorrelation[lag] }
        var best: Float = 0
        var lag = minLag
        while lag <= maxLag {
            let c = r(lag)
            if c > best, c >= r(lag - 1), c >= r(lag + 1) {
                let (a, b) = (r(lag - 1), r(lag + 1))
                let denom = a - 2 * c + b
                let peak = denom < 0 ? c - 0.125 * (a - b) * (a - b) / denom : c
                best = max(best, peak)
            }
            lag += 1
        }
        return min(1, max(0, best))
    }
}
