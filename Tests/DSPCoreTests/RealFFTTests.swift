import DSPCore
import Foundation
import Testing
import TestSupport

@Suite struct RealFFTTests {
    @Test func sineLandsInItsBin() throws {
        // 1000 Hz at 8 kHz with N = 512: exactly bin 64, amplitude N/2 · A.
        let fft = try RealFFT(size: 512)
        let tone = Signals.sine(frequencyHz: 1000, sampleRateHz: 8000, durationSec: 512.0 / 8000, amplitude: 0.5)
        for i in 0..<512 { fft.signal[i] = tone[i] }
        fft.forward()
        let powers = (0..<fft.binCount).map { fft.power(bin: $0) }
        let peak = powers.indices.max { powers[$0] < powers[$1] }!
        #expect(peak == 64)
        #expect(abs(powers[64].squareRoot() - 128) < 0.01)
        let leakage = powers.enumerated().filter { $0.offset != 64 }.map(\.element).max()!
        #expect(leakage < 1e-6)
    }

    @Test func parsevalHolds() throws {
        let n = 1024
        let fft = try RealFFT(size: n)
        let noise = Signals.whiteNoise(sampleRateHz: n, durationSec: 1, amplitude: 0.3)
        for i in 0..<n { fft.signal[i] = noise[i] }
        let timeEnergy = noise.reduce(0.0) { $0 + Double($1) * Double($1) }
        fft.forward()
        // One-sided spectrum: DC and Nyquist once, every other bin twice.
        var freqEnergy = Double(fft.power(bin: 0)) + Double(fft.power(bin: n / 2))
        for k in 1..<(n / 2) { freqEnergy += 2 * Double(fft.power(bin: k)) }
        freqEnergy /= Double(n)
        #expect(abs(freqEnergy - timeEnergy) / timeEnergy < 1e-4)
    }

    @Test(arguments: [256, 400, 1024, 2048])
    func inverseRoundTripRestoresTheSignal(size: Int) throws {
        let fft = try RealFFT(size: size)
        let noise = Signals.whiteNoise(sampleRateHz: size, durationSec: 1, amplitude: 0.8, seed: UInt64(size))
        for i in 0..<size { fft.signal[i] = noise[i] }
        fft.forward()
        fft.inverse()
        let maxError = (0..<size).map { abs(fft.signal[$0] / Float(size) - noise[$0]) }.max()!
        #expect(maxError < 1e-5)
    }

    @Test func powerSpectrumInvertsToTheAutocorrelation() throws {
        // Zero-padded to twice the length, the circular autocorrelation equals the linear one.
        let x: [Float] = [1, 2, 3, 4]
        let fft = try RealFFT(size: 8)
        for i in 0..<8 { fft.signal[i] = i < 4 ? x[i] : 0 }
        fft.forward()
        fft.squareMagnitudesInPlace()
        fft.inverse()
        let expected: [Float] = [30, 20, 11, 4]
        for lag in 0..<4 { #expect(abs(fft.signal[lag] / 8 - expected[lag]) < 1e-4) }
    }

    @Test func rejectsOddAndTinySizes() {
        #expect(throws: DSPCoreError.invalidFFTSize(511)) { try RealFFT(size: 511) }
        #expect(throws: DSPCoreError.invalidFFTSize(0)) { try RealFFT(size: 0) }
    }

    @Test func instancesOnManyThreadsShareThePlanCacheSafely() async throws {
        // Plan creation races would corrupt FFTW's planner; every task must get a correct answer.
        let results = await withTaskGroup(of: Bool.self) { group in
            for task in 0..<16 {
                group.addTask {
                    let size = [128, 256, 512, 1024][task % 4]
                    guard let fft = try? RealFFT(size: size) else { return false }
                    for i in 0..<size { fft.signal[i] = Float(sin(2 * Double.pi * 8 * Double(i) / Double(size))) }
                    fft.forward()
                    return abs(fft.power(bin: 8).squareRoot() - Float(size) / 2) < 0.01
                }
            }
            var all: [Bool] = []
            for await ok in group { all.append(ok) }
            return all
        }
        #expect(results.count == 16 && results.allSatisfy { $0 })
    }

    @Test func wisdomRoundTrips() throws {
        _ = try RealFFT(size: 64)
        let wisdom = FFTPlanCache.shared.exportWisdom()
        #expect(wisdom.contains("fftw"))
        try FFTPlanCache.shared.importWisdom(wisdom)
        #expect(throws: DSPCoreError.invalidWisdom) { try FFTPlanCache.shared.importWisdom("not wisdom") }
    }
}
