import Foundation

/// A multinomial logistic (softmax) classifier over standardised features: one weight row and
/// one bias per class. Two classes make a binary logistic model (the arousal dimension).
public struct LinearClassifier: Sendable, Equatable, Codable {
    /// `weights[class][feature]`.
    public var weights: [[Float]]
    public var bias: [Float]

    public init(weights: [[Float]], bias: [Float]) {
        precondition(weights.count == bias.count && !weights.isEmpty)
        self.weights = weights
        self.bias = bias
    }

    public var classCount: Int { min(bias.count, weights.count) }
    public var featureCount: Int { weights.first?.count ?? 0 }

    /// Whether every class has a bias and `featureCount` finite weights (a decoded file may not:
    /// `EmotionModel.validate` refuses it before use).
    public var isWellFormed: Bool {
        !weights.isEmpty && weights.count == bias.count && weights.allSatisfy { $0.count == featureCount }
            && bias.allSatisfy(\.isFinite) && weights.allSatisfy { $0.allSatisfy(\.isFinite) }
    }

    /// Class scores (logits) for `z`. Fixed summation order: bit-for-bit deterministic.
    /// Bounds-safe whatever the shapes: missing weights or inputs count as 0 (a validated model
    /// and inputs of `featureCount` never hit that).
    public func logits(_ z: [Float]) -> [Float] {
        (0..<classCount).map { c in
            var s = bias[c]
            let row = weights[c]
            for j in 0..<min(row.count, z.count) { s += row[j] * z[j] }
            return s
        }
    }

    /// Softmax probabilities for `z`.
    public func probabilities(_ z: [Float]) -> [Float] {
        Self.softmax(logits(z))
    }

    public static func softmax(_ logits: [Float]) -> [Float] {
        let top = logits.max() ?? 0
        let e = logits.map { exp($0 - top) }
        let sum = e.reduce(0, +)
        return e.map { $0 / sum }
    }

    /// How much feature `j` pushes class `c` above the average class at `z`: the basis of the
    /// reasons (a softmax is unchanged by adding the same amount to every class).
    public func contribution(ofFeature j: Int, toClass c: Int, at z: [Float]) -> Float {
        guard classCount > 0, c < classCount, j >= 0, j < z.count,
              (0..<classCount).allSatisfy({ j < weights[$0].count }) else { return 0 }
        var meanWeight: Float = 0
        for k in 0..<classCount { meanWeight += weights[k][j] }
        meanWeight /= Float(classCount)
        return (weights[c][j] - meanWeight) * z[j]
    }
}
