import Dialogue
import Testing

/// "0" reaches a human from every state.
@Suite struct HumanEscapeTests {
    func expectTransfer(_ call: inout Call, key: Character = "0") {
        #expect(call.machine.state == "human")
        #expect(call.transitions.last?.reason == .humanRequested(key: key))
        call.send(.promptFinished, after: 2)
        #expect(call.machine.outcome == .transferred)
        #expect(call.log.last?.action == .transfer(target: "queue:support", reason: "human: caller pressed 0 for a human"))
    }

    @Test func fromTheGreetingWhileItPlays() {
        var call = Call()
        call.send(.callStarted)
        call.send(.dtmf("0"), after: 1)
        expectTransfer(&call)
    }

    @Test func fromTheMenu() {
        var call = Call()
        call.startAndListen()
        call.send(.dtmf("0"))
        expectTransfer(&call)
    }

    @Test func fromAStateThatTakesSpeechOnly() {
        var call = Call()
        call.startAndListen()
        call.send(.dtmf("3"))
        call.send(.promptFinished, after: 2)
        call.send(.dtmf("0"))
        expectTransfer(&call)
    }

    @Test func fromAStateThatWaitsForNothing() {
        var call = Call()
        call.startAndListen()
        call.send(.dtmf("2"))                        // hours: says its line, then back to the menu
        call.send(.dtmf("0"), after: 1)
        expectTransfer(&call)
    }

    @Test func inANumberEntryAZeroAloneThenHashOrAPause() {
        var hash = Call()
        hash.startAndListen()
        hash.send(.dtmf("1"))
        hash.press("0#")
        expectTransfer(&hash)

        var pause = Call()
        pause.startAndListen()
        pause.send(.dtmf("1"))
        pause.send(.dtmf("0"))
        pause.send(.timerFired(.interDigit), after: 3)
        expectTransfer(&pause)
    }

    @Test func aNumberContainingZeroStaysANumber() {
        var call = Call()
        call.startAndListen()
        call.send(.dtmf("1"))
        call.press("0401#")
        #expect(call.machine.state == "order_found")
        #expect(call.machine.values["order"] == "0401")
    }

    @Test func aDifferentHumanKeyOrNoneIsConfigurable() {
        var brand = TestBrand.make()
        brand.flow.human.key = "*"
        var star = Call(brand)
        star.startAndListen()
        star.send(.dtmf("*"))
        #expect(star.machine.state == "human")

        brand.flow.human.key = nil
        var off = Call(brand)
        off.startAndListen()
        off.send(.dtmf("0"))
        #expect(off.machine.state == "main_menu")
        #expect(off.log.contains { $0.action == .noMatch(state: "main_menu", count: 1, input: "0") })
    }
}
