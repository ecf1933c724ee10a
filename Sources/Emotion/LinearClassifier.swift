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

    public var classCount: Int { bias.count }
    public var featureCount: Int { weights[0].count }

    /// Class scores (logits) for `z`. Fixed summation order: bit-for-bit deterministic.
    public func logits(_ z: [Float]) -> [Float] {
        precondition(z.count == featureCount)
        return (0..<classCount).map { c in
            var s = bias[c]
            for j in 0..<featureCount { s += weights[c][j] * z[j] }
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
        var meanWeight: Float = 0
        for k in 0..<classCount { meanWeight += weights[k][j] }
        meanWeight /= Float(classCount)
        return (weights[c][j] - meanWeight) * z[j]
    }
}
