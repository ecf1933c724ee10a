import Dialogue
import Testing

/// Multi-digit entries: finish key, inter-digit timeout, max digits, too short.
@Suite struct DigitEntryTests {
    /// A call waiting in the order-number state (4–8 digits, "#" finishes, 3 s between digits).
    func atOrderNumber() -> Call {
        var call = Call()
        call.startAndListen()
        call.send(.dtmf("1"))
        call.send(.promptFinished, after: 3)
        return call
    }

    @Test func finishKeyEndsTheEntry() {
        var call = atOrderNumber()
        let digit = call.send(.dtmf("4"))
        #expect(digit == [.cancelTimer(.noInput), .startTimer(.interDigit, afterSec: 3)])
        call.press("071")
        let hash = call.send(.dtmf("#"))
        #expect(hash.first == .cancelTimer(.interDigit))
        #expect(hash.transitions == [StateTransition(from: "order_number", to: "order_found", reason: .input("4071"))])
        #expect(call.machine.values["order"] == "4071")
    }

    @Test func interDigitTimeoutEndsTheEntry() {
        var call = atOrderNumber()
        call.press("40712")
        let paused = call.send(.timerFired(.interDigit), after: 3)
        #expect(paused.transitions.map(\.reason) == [.input("40712")])
    }

    @Test func maxDigitsEndsTheEntryWithoutWaiting() {
        var call = atOrderNumber()
        call.press("1234567")
        let last = call.send(.dtmf("8"))
        #expect(last.transitions.map(\.reason) == [.input("12345678")])
        #expect(!last.contains(.startTimer(.interDigit, afterSec: 3)))
    }

    @Test func tooShortIsANoMatch() {
        var call = atOrderNumber()
        call.press("407")
        let short = call.send(.dtmf("#"))
        #expect(short.contains(.noMatch(state: "order_number", count: 1, input: "407")))
        #expect(call.machine.state == "order_number")
        #expect(call.machine.values["order"] == nil)
    }

    @Test func digitsDuringThePromptStopItAndCount() {
        var call = Call()
        call.send(.callStarted)
        call.send(.promptFinished, after: 3)          // main menu prompt now playing
        let early = call.send(.dtmf("2"), after: 1)
        #expect(early.first == .stopPrompt)
        #expect(early.transitions.map(\.to) == ["hours"])
    }

    @Test func keyDuringTheGreetingSkipsToTheMenuAndCountsThere() {
        var call = Call()
        call.send(.callStarted)
        let typed = call.send(.dtmf("2"), after: 1)
        #expect(typed.first == .stopPrompt)
        #expect(typed.transitions.map(\.to) == ["main_menu", "hours"])
        #expect(typed.transitions.first?.reason == .typeAhead("2"))
        #expect(typed.keys == ["hours"])              // the menu is not read out
    }

    @Test func staleTimerIsIgnored() {
        var call = atOrderNumber()
        #expect(call.send(.timerFired(.interDigit)).isEmpty)
    }
}
