import Dialogue
import Testing

/// Caller speech over a prompt, and hang-ups.
@Suite struct BargeInTests {
    @Test func bargeInStopsThePromptAndTheTurnIsHandled() {
        var call = Call()
        call.send(.callStarted)
        call.send(.promptFinished, after: 3)                 // main menu playing
        let barge = call.send(.bargeIn, after: 1)
        #expect(barge == [.stopPrompt])
        #expect(!call.machine.isPromptPlaying)
        #expect(call.send(.promptFinished).isEmpty)          // a stopped prompt does not finish
        let turn = call.turn(.neutral)
        #expect(turn.contains(.noMatch(state: "main_menu", count: 1, input: "speech")))
    }

    @Test func talkingOverTheGreetingMovesOnAfterTheTurn() {
        var call = Call()
        call.send(.callStarted)
        #expect(call.send(.bargeIn, after: 1) == [.stopPrompt])
        let turn = call.turn(.neutral)
        #expect(turn.transitions.map(\.to) == ["main_menu"])
    }

    @Test func speechThatStoppedTheMenuButNeverBecameATurnStartsTheNoInputTimer() {
        var call = Call()
        call.send(.callStarted)
        call.send(.promptFinished, after: 3)                 // main menu playing
        #expect(call.send(.bargeIn, after: 1) == [.stopPrompt])
        let abandoned = call.send(.speechAbandoned, after: 1)
        #expect(abandoned.contains { if case .startTimer(.noInput, _) = $0 { return true }; return false }, "\(abandoned)")
    }

    @Test func speechThatStoppedTheGreetingButNeverBecameATurnMovesOn() {
        var call = Call()
        call.send(.callStarted)
        #expect(call.send(.bargeIn, after: 1) == [.stopPrompt])
        #expect(call.send(.speechAbandoned, after: 1).transitions.map(\.to) == ["main_menu"])
        #expect(call.send(.speechAbandoned, after: 1).isEmpty, "only once")
    }

    @Test func speechStateTakesTheTurn() {
        var call = Call()
        call.startAndListen()
        call.send(.dtmf("3"))
        call.send(.promptFinished, after: 2)
        #expect(call.send(.speechStarted, after: 1) == [.cancelTimer(.noInput)])
        let told = call.turn(.anxious)
        #expect(told.transitions == [StateTransition(from: "tell_us", to: "thanks", reason: .callerTurn(.anxious))])
    }

    @Test func bargeInOnTheTransferLineTransfersAtOnce() {
        var call = Call()
        call.startAndListen()
        call.send(.dtmf("0"))
        let barge = call.send(.bargeIn, after: 0.5)
        #expect(barge == [.stopPrompt, .transfer(target: "queue:support", reason: "human: caller pressed 0 for a human")])
    }

    @Test func bargeInCanBeTurnedOff() {
        var brand = TestBrand.make()
        brand.flow.settings.bargeIn = false
        var call = Call(brand)
        call.send(.callStarted)
        #expect(call.send(.bargeIn, after: 1).isEmpty)
        #expect(call.machine.isPromptPlaying)
    }

    @Test func callerHangUpEndsTheDialogue() {
        var call = Call()
        call.startAndListen()
        #expect(call.send(.hangUp) == [.cancelTimer(.noInput)])
        #expect(call.machine.outcome == .callerHungUp)
        #expect(call.send(.dtmf("1")).isEmpty)
    }
}
