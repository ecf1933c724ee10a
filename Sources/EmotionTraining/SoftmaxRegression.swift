import Emotion
import Foundation

/// L2-regularised multinomial logistic regression, fitted by L-BFGS with a backtracking
/// (Armijo) line search. Deterministic: fixed start (all zeros), fixed summation order.
///
/// Minimises  Σᵢ wᵢ·(−log p(yᵢ|xᵢ)) / Σᵢ wᵢ + ½·Σ_c w_cᵀ(λI + N)w_c  (biases not penalised),
/// with per-sample weights wᵢ (class balancing) and an optional positive semi-definite matrix N
/// (`extraPenalty`; the trainer passes the covariance of how a line moves the inputs, so weights
/// along those directions cost more). The loss is strictly convex in W, so the minimum is
/// unique and the fit reproducible.
public struct SoftmaxRegression: Sendable {
    public var l2: Double
    /// N above (d × d, symmetric positive semi-definite); nil: plain L2.
    public var extraPenalty: [[Double]]?
    public var maximumIterations = 500
    /// Stop when the gradient's largest component falls below this.
    public var gradientTolerance = 1e-6
    /// L-BFGS memory.
    public var memory = 10

    public init(l2: Double, extraPenalty: [[Double]]? = nil) {
        self.l2 = l2
        self.extraPenalty = extraPenalty
    }

    /// Fits `classCount` classes to rows `x` (all the same length) with labels `y` in 0..<classCount.
    /// `balanced`: weight each sample by n / (K · n_class) so every class counts equally.
    /// `sampleWeights`: instead, these weights (e.g. balanced over classes within each corpus).
    public func fit(x: [[Float]], y: [Int], classCount: Int, balanced: Bool = true,
                    sampleWeights: [Double]? = nil) -> (LinearClassifier, iterations: Int) {
        precondition(!x.isEmpty && x.count == y.count && classCount >= 2)
        precondition(sampleWeights.map { $0.count == y.count } ?? true)
        let d = x[0].count, k = classCount, n = x.count
        let xs = x.map { $0.map(Double.init) }
        var counts = [Double](repeating: 0, count: k)
        for c in y { counts[c] += 1 }
        let w = sampleWeights ?? y.map { balanced ? Double(n) / (Double(k) * counts[$0]) : 1 }
        let wSum = w.reduce(0, +)
        let p = k * (d + 1)  // per class: d weights then the bias

        func lossAndGradient(_ theta: [Double]) -> (Double, [Double]) {
            var loss = 0.0
            var g = [Double](repeating: 0, count: p)
            var logits = [Double](repeating: 0, count: k)
            for i in 0..<n {
                let xi = xs[i]
                for c in 0..<k {
                    var s = theta[c * (d + 1) + d]
                    for j in 0..<d { s += theta[c * (d + 1) + j] * xi[j] }
                    logits[c] = s
                }
                let top = logits.max()!
                var z = 0.0
                for c in 0..<k { logits[c] = exp(logits[c] - top); z += logits[c] }
                loss -= w[i] * (log(logits[y[i]] / z))
                for c in 0..<k {
                    let r = w[i] * (logits[c] / z - (c == y[i] ? 1 : 0))
                    let base = c * (d + 1)
                    for j in 0..<d { g[base + j] += r * xi[j] }
                    g[base + d] += r
                }
            }
            loss /= wSum
            for q in 0..<p { g[q] /= wSum }
            for c in 0..<k {
                let base = c * (d + 1)
                for j in 0..<d {
                    var pw = l2 * theta[base + j]
                    if let n = extraPenalty {
                        for m in 0..<d { pw += n[j][m] * theta[base + m] }
                    }
                    loss += 0.5 * theta[base + j] * pw
                    g[base + j] += pw
                }
            }
            return (loss, g)
        }

        var theta = [Double](repeating: 0, count: p)
        var (f, g) = lossAndGradient(theta)
        var sHist: [[Double]] = [], yHist: [[Double]] = []
        var iterations = 0
        while iterations < maximumIterations, g.map(abs).max()! > gradientTolerance {
            iterations += 1
            // Two-loop recursion: direction = −H·g.
            var q = g
            var alphas = [Double](repeating: 0, count: sHist.count)
            for m in stride(from: sHist.count - 1, through: 0, by: -1) {
                let rho = 1 / dot(yHist[m], sHist[m])
                alphas[m] = rho * dot(sHist[m], q)
                for t in 0..<p { q[t] -= alphas[m] * yHist[m][t] }
            }
            if let s = sHist.last, let yy = yHist.last {
                let gamma = dot(s, yy) / dot(yy, yy)
                for t in 0..<p { q[t] *= gamma }
            }
            for m in 0..<sHist.count {
                let rho = 1 / dot(yHist[m], sHist[m])
                let beta = rho * dot(yHist[m], q)
                for t in 0..<p { q[t] += sHist[m][t] * (alphas[m] - beta) }
            }
            var direction = q.map { -$0 }
            var slope = dot(g, direction)
            if slope >= 0 {  // not a descent direction: restart from steepest descent
                sHist.removeAll(); yHist.removeAll()
                direction = g.map { -$0 }
                slope = dot(g, direction)
            }
            var step = 1.0
            var next = theta, fNext = f, gNext = g
            while true {
                for t in 0..<p { next[t] = theta[t] + step * direction[t] }
                (fNext, gNext) = lossAndGradient(next)
                if fNext <= f + 1e-4 * step * slope || step < 1e-10 { break }
                step *= 0.5
            }
            let s = (0..<p).map { next[$0] - theta[$0] }
            let yv = (0..<p).map { gNext[$0] - g[$0] }
            if dot(s, yv) > 1e-12 {
                sHist.append(s); yHist.append(yv)
                if sHist.count > memory { sHist.removeFirst(); yHist.removeFirst() }
            }
            let improvement = f - fNext
            theta = next; f = fNext; g = gNext
            if improvement < 1e-12 * max(1, abs(f)) { break }
        }
        let weights = (0..<k).map { c in (0..<d).map { Float(theta[c * (d + 1) + $0]) } }
        let bias = (0..<k).map { Float(theta[$0 * (d + 1) + d]) }
        return (LinearClassifier(weights: weights, bias: bias), iterations)
    }

    private func dot(_ a: [Double], _ b: [Double]) -> Double {
        var s = 0.0
        for i in a.indices { s += a[i] * b[i] }
        return s
    }
}
