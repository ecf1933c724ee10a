import Dialogue
import Testing

@Suite struct DeterminismTests {
    /// A varied call: keys, silence, emotions, barge-in, a number, the human key.
    static func script(_ call: inout Call) {
        call.send(.callStarted)
        call.send(.dtmf("2"), after: 1)
        call.send(.promptFinished, after: 2)
        call.send(.timerFired(.noInput), after: 5)
        call.send(.bargeIn, after: 1)
        _ = call.turn(.bored, confidence: 0.7)
        _ = call.turn(.bored, confidence: 0.6)
        call.send(.dtmf("1"))
        call.press("12345")
        call.send(.timerFired(.interDigit), after: 3)
        _ = call.turn(.irritated)
        call.send(.promptFinished, after: 2)
        call.send(.dtmf("0"))
        call.send(.promptFinished, after: 2)
    }

    @Test func sameEventsGiveTheSameActions() {
        var a = Call()
        var b = Call()
        Self.script(&a)
        Self.script(&b)
        #expect(a.log.count > 20)
        #expect(a.log.map(\.action) == b.log.map(\.action))
        #expect(a.machine.outcome == .completed)
    }
}
