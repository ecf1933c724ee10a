import Dialogue
import Testing

/// The smoothing that keeps one odd turn from flipping the answer style (defaults: 2 of the last 3
/// turns, confidence ≥ 0.3).
@Suite struct EmotionSmootherTests {
    func turns(_ labels: [(CallerEmotion, Double)]) -> (EmotionSmoother, [StyleChange]) {
        var smoother = EmotionSmoother()
        let changes = labels.compactMap { smoother.observe($0.0, confidence: $0.1) }
        return (smoother, changes)
    }

    @Test func oneConfidentOddTurnDoesNotSwitch() {
        let (smoother, changes) = turns([(.neutral, 0.5), (.neutral, 0.4), (.irritated, 1.0), (.neutral, 0.5)])
        #expect(changes.isEmpty)
        #expect(smoother.current == .neutral)
    }

    @Test func twoTurnsInARowSwitch() {
        let (smoother, changes) = turns([(.irritated, 0.6), (.irritated, 0.5)])
        #expect(changes.map(\.to) == [.irritated])
        #expect(smoother.current == .irritated)
        #expect(changes.first?.description == "caller sounded irritated in 2 of the last 2 turns (was neutral)")
    }

    @Test func twoOfThreeSwitch() {
        let (_, changes) = turns([(.bored, 0.6), (.neutral, 0.6), (.bored, 0.6)])
        #expect(changes == [StyleChange(from: .neutral, to: .bored, votes: 2, window: 3)])
    }

    @Test func unsureTurnsDoNotVote() {
        let (smoother, changes) = turns([(.anxious, 0.25), (.anxious, 0.25), (.anxious, 0.6)])
        #expect(changes.isEmpty)
        #expect(smoother.recent == [nil, nil, .anxious])
    }

    @Test func twoCalmTurnsBringTheNeutralStyleBack() {
        let (smoother, changes) = turns([(.irritated, 0.9), (.irritated, 0.9), (.neutral, 0.6), (.neutral, 0.6)])
        #expect(changes.map(\.to) == [.irritated, .neutral])
        #expect(smoother.current == .neutral)
    }

    @Test func aMuddleKeepsTheCurrentStyle() {
        let (smoother, changes) = turns([(.cheerful, 0.7), (.cheerful, 0.7), (.bored, 0.7), (.anxious, 0.7), (.irritated, 0.7)])
        #expect(changes.map(\.to) == [.cheerful])
        #expect(smoother.current == .cheerful)
    }
}
