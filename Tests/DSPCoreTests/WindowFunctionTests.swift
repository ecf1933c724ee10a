import DSPCore
import Testing

@Suite struct WindowFunctionTests {
    @Test func hannIsSymmetricPeaksAtOneAndHasNoZeroEnds() {
        let w = WindowFunction.hann.coefficients(length: 5)
        // 0.5 − 0.5·cos(2π·k/6) for k = 1…5
        let expected: [Float] = [0.25, 0.75, 1.0, 0.75, 0.25]
        for (a, b) in zip(w, expected) { #expect(abs(a - b) < 1e-6) }
    }

    @Test func hammingEndsAtPointZeroEight() {
        let w = WindowFunction.hamming.coefficients(length: 9)
        #expect(abs(w[0] - 0.08) < 1e-6 && abs(w[8] - 0.08) < 1e-6 && abs(w[4] - 1) < 1e-6)
    }

    @Test func rectangularIsAllOnes() {
        #expect(WindowFunction.rectangular.coefficients(length: 4) == [1, 1, 1, 1])
        #expect(WindowFunction.hann.coefficients(length: 0).isEmpty)
    }
}
