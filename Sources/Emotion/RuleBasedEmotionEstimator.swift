import Foundation
import Prosody

/// First, explainable emotion estimate: fixed linear rules over prosodic cues.
///
/// Each label has a score that is a weighted sum of cues (pitch, loudness, pace, pitch range,
/// pauses, end-of-turn rise; see `ProsodicCues`). `neutral` scores a constant — `deadZone`
/// against the caller's baseline, the higher `firstTurnDeadZone` against population priors
/// (where "loudness" is the turn's level range, not its level) — so a caller who does not
/// depart clearly from their reference stays neutral. The reasons are the cues that contributed most to the winning label.
/// Deterministic: same prosody, same estimate.
public struct RuleBasedEmotionEstimator: Sendable {
    public struct Config: Sendable, Equatable {
        /// The score `neutral` gets; other labels must beat it.
        public var deadZone: Float = 1.0
        /// Before a baseline exists, evidence is weaker (no reference for pitch and level).
        public var firstTurnDeadZone: Float = 1.2
        public var maximumReasons = 3
        public init() {}
    }

    public let config: Config
    public init(config: Config = .init()) { self.config = config }

    typealias Cue = ProsodicCues.Cue
    /// Weights per label. Irritation is loud with falling ends; anxiety high and fast with rising
    /// ends and hesitation; cheerfulness high with a wide, lively range; boredom low, quiet,
    /// slow and monotone.
    /// Ordered pairs, not dictionaries, so sums are computed in a fixed order (determinism).
    static let weights: [(CallerEmotion, [(Cue, Float)])] = [
        (.irritated, [(.loudness, 1.0), (.pitch, 0.4), (.pace, 0.4), (.endRise, -0.4), (.range, -0.1)]),
        (.anxious, [(.pitch, 0.8), (.pace, 0.5), (.pauses, 0.3), (.endRise, 0.4), (.range, -0.3), (.loudness, -0.1)]),
        (.bored, [(.pitch, -0.5), (.range, -0.6), (.loudness, -0.4), (.pace, -0.5), (.pauses, 0.3)]),
        (.cheerful, [(.pitch, 0.5), (.range, 0.8), (.loudness, 0.3), (.endRise, 0.2)]),
    ]
    static let arousalWeights: [(Cue, Float)] = [(.pitch, 0.4), (.loudness, 0.4), (.pace, 0.25), (.range, 0.15), (.pauses, -0.1)]

    private static func score(_ weights: [(Cue, Float)], _ cues: ProsodicCues) -> Float {
        weights.reduce(0) { $0 + $1.1 * cues[$1.0] }
    }

    public func estimate(_ prosody: TurnProsody) -> EmotionEstimate {
        let cues = ProsodicCues(prosody)
        var scores: [(CallerEmotion, Float)] = [(.neutral, cues.relativeToCaller ? config.deadZone : config.firstTurnDeadZone)]
        scores += Self.weights.map { ($0.0, Self.score($0.1, cues)) }
        // Ties go to the earlier entry (neutral first).
        var best = scores[0]
        for s in scores.dropFirst() where s.1 > best.1 { best = s }
        let arousal = tanh(Self.score(Self.arousalWeights, cues))
        return EmotionEstimate(label: best.0, arousal: arousal, confidence: Self.confidence(scores, best.1),
                               reasons: reasons(for: best.0, cues: cues))
    }


    /// Larger value first; equal values in cue order (deterministic).
    private static func larger(_ a: (cue: Cue, value: Float), _ b: (cue: Cue, value: Float)) -> Bool {
        a.value != b.value ? a.value > b.value : a.cue.rawValue < b.cue.rawValue
    }

    /// Softmax temperature of the confidence: a label one score unit clear of the runner-up
    /// gets ≈ 0.98, a quarter unit ≈ 0.73.
    static let confidenceTemperature: Float = 0.25

    private static func confidence(_ scores: [(CallerEmotion, Float)], _ top: Float) -> Float {
        1 / scores.reduce(Float(0)) { $0 + exp(($1.1 - top) / confidenceTemperature) }
    }

    private func reasons(for label: CallerEmotion, cues: ProsodicCues) -> [String] {
        let ranked: [Cue]
        if let w = Self.weights.first(where: { $0.0 == label })?.1 {
            let contributions: [(cue: Cue, value: Float)] = w.map { (cue: $0.0, value: $0.1 * cues[$0.0]) }
            ranked = contributions.filter { $0.value > 0.05 }.sorted(by: Self.larger).map(\.cue)
        } else {
            // Neutral: name the largest departures, to show they were small.
            let departures: [(cue: Cue, value: Float)] = Cue.allCases.filter(cues.measured).map { (cue: $0, value: abs(cues[$0])) }
            ranked = departures.sorted(by: Self.larger).map(\.cue)
        }
        var words = ranked.prefix(config.maximumReasons).compactMap(cues.explanation)
        if label == .neutral {
            words.insert(cues.relativeToCaller ? "close to your baseline" : "no clear departure from typical speech", at: 0)
        }
        return words
    }
}
