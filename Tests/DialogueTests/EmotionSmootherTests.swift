import Dialogue
import Testing

/// The smoothing that keeps one odd turn from flipping the answer style (defaults: α 0.4,
/// threshold 0.35, margin 0.15).
@Suite struct EmotionSmootherTests {
    func turns(_ labels: [(CallerEmotion, Double)]) -> (EmotionSmoother, [StyleChange]) {
        var smoother = EmotionSmoother()
        let changes = labels.compactMap { smoother.observe($0.0, confidence: $0.1) }
        return (smoother, changes)
    }

    @Test func oneConfidentOddTurnDoesNotSwitch() {
        let (smoother, changes) = turns([(.neutral, 0.6), (.neutral, 0.6), (.irritated, 1.0)])
        #expect(changes.isEmpty)
        #expect(smoother.current == .neutral)
    }

    @Test func twoConfidentTurnsInARowSwitch() {
        let (smoother, changes) = turns([(.irritated, 0.9), (.irritated, 0.9)])
        #expect(changes.map(\.to) == [.irritated])
        #expect(smoother.current == .irritated)
        #expect(changes.first?.description == "smoothed irritated 0.58 leads neutral 0.38")
    }

    @Test func hesitantLabelsNeedFourTurns() {
        let hesitant = (CallerEmotion.anxious, 0.5)
        let (_, three) = turns([hesitant, hesitant, hesitant])
        #expect(three.isEmpty)
        let (smoother, four) = turns([hesitant, hesitant, hesitant, hesitant])
        #expect(four.map(\.to) == [.anxious])
        #expect(smoother.current == .anxious)
    }

    @Test func twoCalmTurnsBringTheNeutralStyleBack() {
        let (smoother, changes) = turns([(.irritated, 0.9), (.irritated, 0.9), (.neutral, 0.6), (.neutral, 0.6)])
        #expect(changes.map(\.to) == [.irritated, .neutral])
        #expect(smoother.current == .neutral)
    }

    @Test func scoresStayADistribution() {
        let (smoother, _) = turns([(.bored, 0.3), (.cheerful, 0.8), (.anxious, 0.5)])
        #expect(abs(smoother.scores.reduce(0, +) - 1) < 1e-9)
    }
}
