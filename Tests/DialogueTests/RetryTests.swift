import Dialogue
import Testing

/// No-input and no-match: reprompts per failure, then the flow's way out.
@Suite struct RetryTests {
    @Test func noInputRepromptsThenLeavesToTheFailureStateOnTheThird() {
        var call = Call()
        call.startAndListen()
        let first = call.send(.timerFired(.noInput), after: 5)
        #expect(first.first == .noInput(state: "main_menu", count: 1))
        #expect(first.keys == [.noInput, "main_menu"])
        #expect(first.utterances.map(\.purpose) == [.noInputReprompt, .prompt])
        #expect(call.send(.promptFinished, after: 6) == [.startTimer(.noInput, afterSec: 5)])
        // The second failure has its own reprompt (the list's second entry).
        #expect(call.send(.timerFired(.noInput), after: 5).keys == ["no_input_2", "main_menu"])
        call.send(.promptFinished, after: 6)
        let third = call.send(.timerFired(.noInput), after: 5)
        #expect(third.first == .noInput(state: "main_menu", count: 3))
        #expect(third.transitions == [StateTransition(from: "main_menu", to: "goodbye_failed", reason: .maxNoInput(3))])
        let end = call.send(.promptFinished, after: 2)
        #expect(end == [.hangUp(outcome: .failed, reason: "goodbye_failed: no input 3 times")])
        #expect(call.machine.outcome == .failed)
    }

    @Test func withoutAFailureStateTheCallEndsFailed() {
        var call = Call(TestBrand.make(onFailure: nil))
        call.startAndListen()
        for _ in 1...2 {
            call.send(.timerFired(.noInput), after: 5)
            call.send(.promptFinished, after: 6)
        }
        let end = call.send(.timerFired(.noInput), after: 5)
        #expect(end.last == .hangUp(outcome: .failed, reason: "no input 3 times"))
    }

    @Test func stateExitOnNoInputTransfers() {
        // offer_human allows one no-input and then transfers (silence after "press 1 for a person").
        var call = Call()
        call.startAndListen()
        _ = call.turn(.irritated)
        _ = call.turn(.irritated)
        #expect(call.machine.state == "offer_human")
        call.send(.promptFinished, after: 3)
        let silent = call.send(.timerFired(.noInput), after: 5)
        #expect(silent.transitions.map(\.to) == ["human"])
        let done = call.send(.promptFinished, after: 2)
        #expect(done == [.transfer(target: "queue:support", reason: "human: no input once")])
        #expect(call.machine.outcome == .transferred)
    }

    @Test func noMatchRepromptsAndLeavesOnTheThird() {
        var call = Call()
        call.startAndListen()
        let wrong = call.send(.dtmf("7"))
        #expect(wrong.contains(.noMatch(state: "main_menu", count: 1, input: "7")))
        #expect(wrong.keys == [.noMatch, "main_menu"])
        call.send(.promptFinished, after: 4)
        #expect(call.send(.dtmf("8")).keys == [.noMatch, "main_menu"])
        call.send(.promptFinished, after: 4)
        let third = call.send(.dtmf("*"))
        #expect(third.transitions == [StateTransition(from: "main_menu", to: "goodbye_failed", reason: .maxNoMatch(3))])
    }

    @Test func speechInAKeypadOnlyStateIsANoMatch() {
        var call = Call()
        call.startAndListen()
        let spoke = call.turn(.neutral)
        #expect(spoke.contains(.noMatch(state: "main_menu", count: 1, input: "speech")))
        #expect(spoke.keys == [.noMatch, "main_menu"])
    }

    @Test func countersStartAfreshInEachState() {
        var call = Call()
        call.startAndListen()
        call.send(.timerFired(.noInput), after: 5)
        call.send(.promptFinished, after: 6)
        call.send(.timerFired(.noInput), after: 5)
        call.send(.promptFinished, after: 6)
        call.send(.dtmf("2"))                   // hours, then back to the menu
        call.send(.promptFinished, after: 2)
        call.send(.promptFinished, after: 4)
        let again = call.send(.timerFired(.noInput), after: 5)
        #expect(again.first == .noInput(state: "main_menu", count: 1))
        #expect(call.machine.state == "main_menu")
    }
}
