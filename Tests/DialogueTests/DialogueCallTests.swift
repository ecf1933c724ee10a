import Dialogue
import Testing

/// Whole calls without audio: events in, actions out.
@Suite struct DialogueCallTests {
    @Test func greetingDisclosesAutomationThenMenuWaitsFiveSeconds() {
        var call = Call()
        let first = call.send(.callStarted)
        #expect(first.transitions == [StateTransition(from: nil, to: "greeting", reason: .callStarted)])
        #expect(first.keys == ["greeting", .disclosure])
        #expect(first.utterances[1].purpose == .disclosure)
        let menu = call.send(.promptFinished, after: 3)
        #expect(menu.transitions.map(\.to) == ["main_menu"])
        #expect(menu.keys == ["main_menu"])
        let waiting = call.send(.promptFinished, after: 4)
        #expect(waiting == [.startTimer(.noInput, afterSec: 5)])
    }

    @Test func disclosureOffSaysOnlyTheGreeting() {
        var call = Call(TestBrand.make(disclosure: false))
        #expect(call.send(.callStarted).keys == ["greeting"])
    }

    @Test func calmCallerNavigatesMenuByDigitsAndEntersAnOrderNumber() {
        var call = Call()
        call.startAndListen()
        let chose = call.send(.dtmf("1"))
        #expect(chose.first == .cancelTimer(.noInput))
        #expect(chose.transitions == [StateTransition(from: "main_menu", to: "order_number", reason: .digits("1"))])
        call.send(.promptFinished, after: 3)
        call.press("407123#")
        #expect(call.machine.state == "order_found")
        #expect(call.machine.values["order"] == "407123")
        #expect(call.utterances.last?.text == "Order 4 0 7 1 2 3 is on its way.")
        call.send(.promptFinished, after: 3)
        let bye = call.send(.promptFinished, after: 1)
        #expect(bye == [.hangUp(outcome: .completed, reason: "goodbye: prompt done")])
        #expect(call.machine.outcome == .completed)
        #expect(call.visited == ["greeting", "main_menu", "order_number", "order_found", "goodbye"])
        #expect(call.utterances.allSatisfy { $0.style == .neutral && $0.variant == .default })
    }
}
