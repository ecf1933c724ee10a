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

    @Test func outputIsBoundedAndDeterministic() {
        let extreme = turn(pitchSt: 40, rangeSt: 30, db: 60, pacePct: 900, pauses: 0.8, endSlope: 100)
        let a = estimator.estimate(extreme), b = estimator.estimate(extreme)
        #expect(a == b)
        #expect((-1...1).contains(a.arousal))
        #expect(a.confidence > 0 && a.confidence <= 1)
    }

    @Test func confidenceGrowsWithTheMargin() {
        let mild = estimator.estimate(turn(pitchSt: 1.5, db: 4, pacePct: 10, endSlope: -4))
        let strong = estimator.estimate(turn(pitchSt: 4, db: 12, pacePct: 40, endSlope: -8))
        #expect(mild.label == .irritated && strong.label == .irritated)
        #expect(strong.confidence > mild.confidence)
    }
}
