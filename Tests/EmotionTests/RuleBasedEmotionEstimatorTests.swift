import Foundation
import Emotion
import Prosody
import Testing

/// A turn with typical values (the estimator's population priors), optionally relative to a baseline with the given departures.
private func turn(pitchSt: Float? = nil, rangeSt: Float = 0, db: Float = 0, pacePct: Float = 0,
                  pauses: Float = 0, endSlope: Float = -1, firstTurn: Bool = false) -> TurnProsody {
    TurnProsody(durationSec: 2, speechSec: 1.6, voicedSec: 1.2, f0MedianHz: 120, f0MedianSemitones: 3.2,
                f0RangeSemitones: 7 + rangeSt, f0EndSlopeSemitonesPerSec: endSlope, energyMeanDBFS: -26 + db,
                energyRangeDB: 26, pauseRatio: 0.15 + pauses, syllableRatePerSec: 4.7 * (1 + pacePct / 100),
                voicedSegmentRatePerSec: 3,
                relative: firstTurn ? nil : RelativeProsody(
                    baselineTurns: 2, f0MedianDeltaSemitones: pitchSt ?? 0, f0RangeDeltaSemitones: rangeSt,
                    energyMeanDeltaDB: db, energyRangeDeltaDB: 0, syllableRateChangePercent: pacePct,
                    pauseRatioDelta: pauses))
}

@Suite struct RuleBasedEmotionEstimatorTests {
    let estimator = RuleBasedEmotionEstimator()

    @Test func louderHigherFasterWithFallingEndIsIrritatedAndSaysWhy() {
        let e = estimator.estimate(turn(pitchSt: 3.1, db: 6, pacePct: 25, endSlope: -6))
        #expect(e.label == .irritated)
        #expect(e.arousal > 0.5)
        #expect(e.reasons.first == "+6 dB louder than your baseline")
        #expect(e.reasons.contains("pitch +3.1 st above your baseline"))
        #expect(e.reasons.contains("25 % faster than your baseline"))
    }

    @Test func higherWiderRisingIsCheerful() {
        let e = estimator.estimate(turn(pitchSt: 2.5, rangeSt: 4, db: 2, endSlope: 6))
        #expect(e.label == .cheerful)
        #expect(e.arousal > 0)
    }

    @Test func higherFasterNarrowHesitantIsAnxious() {
        let e = estimator.estimate(turn(pitchSt: 4, rangeSt: -2, db: -1, pacePct: 30, pauses: 0.1, endSlope: 8))
        #expect(e.label == .anxious)
    }

    @Test func lowerQuieterSlowerMonotoneIsBoredWithLowArousal() {
        let e = estimator.estimate(turn(pitchSt: -2, rangeSt: -3, db: -4, pacePct: -25, pauses: 0.1))
        #expect(e.label == .bored)
        #expect(e.arousal < -0.3)
    }

    @Test func smallDeparturesStayNeutral() {
        let e = estimator.estimate(turn(pitchSt: 0.5, rangeSt: 0.5, db: 1, pacePct: 5))
        #expect(e.label == .neutral)
        #expect(e.reasons.first == "close to your baseline")
    }

    @Test func typicalFirstTurnIsNeutralAgainstPopulationPriors() {
        let e = estimator.estimate(turn(firstTurn: true))
        #expect(e.label == .neutral)
        #expect(e.reasons.first == "no clear departure from typical speech")
    }

    @Test func extremeDeparturesAreClampedAndScoredByHand() {
        // Every cue clamps at 3 units except the end rise (100 / 40 = 2.5). By the weights:
        // cheerful 0.5·3 + 0.8·3 + 0.3·3 + 0.2·2.5 = 5.3 beats anxious 4.6, irritated 4.1,
        // neutral 1.0 and bored −5.1; confidence 1 / (1 + e^(−0.7/0.25) + e^(−1.2/0.25) + …)
        // = 0.9355; arousal tanh(0.4·3 + 0.4·3 + 0.25·3 + 0.15·3 − 0.1·3) = tanh(3.3).
        let e = estimator.estimate(turn(pitchSt: 40, rangeSt: 30, db: 60, pacePct: 900, pauses: 0.8, endSlope: 100))
        #expect(e.label == .cheerful)
        #expect(abs(e.confidence - 0.9355) < 0.001)
        #expect(abs(e.arousal - Float(tanh(3.3))) < 1e-4)
    }

    @Test func confidenceGrowsWithTheMargin() {
        let mild = estimator.estimate(turn(pitchSt: 1.5, db: 4, pacePct: 10, endSlope: -4))
        let strong = estimator.estimate(turn(pitchSt: 4, db: 12, pacePct: 40, endSlope: -8))
        #expect(mild.label == .irritated && strong.label == .irritated)
        #expect(strong.confidence > mild.confidence)
    }
}
