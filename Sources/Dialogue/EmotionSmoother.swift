/// Parameters of `EmotionSmoother`.
public struct EmotionSmoothingConfig: Sendable, Hashable {
    /// Weight of the newest turn in the moving average (0 < alpha ≤ 1).
    public var alpha: Double
    /// A new style needs at least this smoothed score…
    public var enterThreshold: Double
    /// …and must lead the current style's score by this much (hysteresis).
    public var margin: Double
    /// Confidence assumed for a turn that carries none.
    public var defaultConfidence: Double

    public init(alpha: Double = 0.4, enterThreshold: Double = 0.35, margin: Double = 0.15,
                defaultConfidence: Double = 1.0) {
        self.alpha = alpha
        self.enterThreshold = enterThreshold
        self.margin = margin
        self.defaultConfidence = defaultConfidence
    }
}

/// Turns per-turn emotion labels into a style that does not flip on one odd turn.
///
/// Each turn is a vector over the five emotions: its label gets the turn's confidence `c` (the
/// Emotion module's softmax probability of the winner), the other four share `1 − c`. Scores are
/// an exponential moving average of these vectors (`s ← (1 − α)·s + α·x`), starting all-neutral.
/// The style changes to the leading emotion `e` only when `s[e] ≥ enterThreshold` and
/// `s[e] − s[current] ≥ margin` (hysteresis: the same margin is needed to switch back).
///
/// With the defaults (α 0.4, threshold 0.35, margin 0.15): one irritated turn, even at
/// confidence 1, among calm ones scores at most 0.42 against neutral's ≥ 0.36 and does not switch;
/// two confident ones in a row do; a hesitant label (confidence 0.5) needs four in a row; after an
/// irritated spell two calm turns bring the neutral style back.
public struct EmotionSmoother: Sendable, Hashable {
    public let config: EmotionSmoothingConfig
    public private(set) var current: CallerEmotion = .neutral
    /// Smoothed scores in `CallerEmotion.allCases` order (sum to 1).
    public private(set) var scores: [Double]

    public init(config: EmotionSmoothingConfig = EmotionSmoothingConfig()) {
        self.config = config
        scores = CallerEmotion.allCases.map { $0 == .neutral ? 1 : 0 }
    }

    public func score(_ emotion: CallerEmotion) -> Double { scores[Self.position(emotion)] }

    /// Adds one turn; returns the change of style it caused, if any.
    public mutating func observe(_ emotion: CallerEmotion, confidence: Double?) -> StyleChange? {
        let c = min(max(confidence ?? config.defaultConfidence, 0), 1)
        let others = (1 - c) / Double(CallerEmotion.allCases.count - 1)
        let alpha = min(max(config.alpha, 0), 1)
        for (i, label) in CallerEmotion.allCases.enumerated() {
            let x = label == emotion ? c : others
            scores[i] = (1 - alpha) * scores[i] + alpha * x
        }
        // The leader (ties: the first in allCases order) may take over.
        let leaderIndex = scores.indices.max { scores[$0] < scores[$1] || (scores[$0] == scores[$1] && $0 > $1) }!
        let leader = CallerEmotion.allCases[leaderIndex]
        let lead = scores[leaderIndex] - score(current)
        guard leader != current, scores[leaderIndex] >= config.enterThreshold, lead >= config.margin else {
            return nil
        }
        let change = StyleChange(from: current, to: leader, score: scores[leaderIndex], previousScore: score(current))
        current = leader
        return change
    }

    private static func position(_ emotion: CallerEmotion) -> Int {
        CallerEmotion.allCases.firstIndex(of: emotion)!
    }
}

/// A change of answer style, with the smoothed scores that justified it.
public struct StyleChange: Sendable, Hashable, CustomStringConvertible {
    public var from: CallerEmotion
    public var to: CallerEmotion
    public var score: Double
    public var previousScore: Double

    public init(from: CallerEmotion, to: CallerEmotion, score: Double, previousScore: Double) {
        self.from = from
        self.to = to
        self.score = score
        self.previousScore = previousScore
    }

    public var description: String {
        "smoothed \(to) \(Self.format(score)) leads \(from) \(Self.format(previousScore))"
    }

    static func format(_ value: Double) -> String {
        let hundredths = Int((value * 100).rounded())
        return "\(hundredths / 100).\(hundredths % 100 < 10 ? "0" : "")\(hundredths % 100)"
    }
}
