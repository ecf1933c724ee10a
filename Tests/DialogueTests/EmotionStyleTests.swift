import Dialogue
import Testing

/// The caller's emotion: smoothed style, wording variants, delivery, extras, emotion rules.
@Suite struct EmotionStyleTests {
    @Test func irritatedTwiceInARowOffersAHumanInTheConciseStyle() {
        var call = Call()
        call.startAndListen()
        let once = call.turn(.irritated)
        #expect(call.machine.state == "main_menu")
        #expect(!once.contains { if case .styleChanged = $0 { return true } else { return false } })
        let twice = call.turn(.irritated)
        #expect(twice.contains(.styleChanged(StyleChange(from: .neutral, to: .irritated, votes: 2, window: 2))))
        #expect(twice.transitions == [StateTransition(from: "main_menu", to: "offer_human", reason: .emotion(.irritated, inARow: 2))])
        let offer = twice.utterances.first
        #expect(offer?.style == .irritated)
        #expect(offer?.variant == .concise)
        #expect(offer?.text == "Press 1 for a person, 2 to go on.")
        call.send(.promptFinished, after: 2)
        call.send(.dtmf("1"))
        #expect(call.utterances.last?.text == "Connecting you.")
        call.send(.promptFinished, after: 1)
        #expect(call.machine.outcome == .transferred)
    }

    @Test func oneOddIrritatedTurnAmongCalmOnesDoesNotFlipTheStyle() {
        // Speech in the keypad menu is a no-match: allow enough of them that all five turns
        // reach a live call.
        var brand = TestBrand.make()
        brand.flow.settings.maxNoMatch = 10
        var call = Call(brand)
        call.startAndListen()
        for emotion in [CallerEmotion.neutral, .neutral, .irritated, .neutral, .neutral] {
            let actions = call.turn(emotion, confidence: 1.0)
            #expect(!actions.contains { if case .styleChanged = $0 { return true } else { return false } })
            #expect(call.machine.style == .neutral)
            call.send(.promptFinished, after: 3)
        }
        #expect(!call.visited.contains("offer_human"))
        #expect(call.utterances.allSatisfy { $0.style == .neutral && $0.variant == .default })
        #expect(call.machine.outcome == nil)
    }

    @Test func ruleFiresOncePerCall() {
        var call = Call()
        call.startAndListen()
        _ = call.turn(.irritated)
        _ = call.turn(.irritated)
        call.send(.promptFinished, after: 2)
        call.send(.dtmf("2"))                      // "go on": back to the menu
        call.send(.promptFinished, after: 2)
        _ = call.turn(.irritated)
        _ = call.turn(.irritated)
        #expect(call.visited.filter { $0 == "offer_human" }.count == 1)
    }

    @Test func lowConfidenceTurnsDoNotCountTowardARule() {
        var call = Call()
        call.startAndListen()
        _ = call.turn(.irritated, confidence: 0.25)
        _ = call.turn(.irritated, confidence: 0.25)
        #expect(call.machine.state == "main_menu")
    }

    @Test func styleChangesWordingAndDeliveryAndFallsBackToDefault() {
        var brand = TestBrand.make(rules: [])
        brand.flow.settings.maxNoMatch = 10
        var call = Call(brand)
        call.startAndListen()
        _ = call.turn(.irritated)
        call.send(.promptFinished, after: 4)
        let answer = call.turn(.irritated)         // no-match reprompt + menu, now irritated
        let menu = answer.utterances.first { $0.key == "main_menu" }
        #expect(menu?.text == "Orders 1, hours 2, talk 3.")
        #expect(menu?.synthesis == SynthesisSettings(voice: "en-us", variant: "m3", rateWPM: 144, pitch: 42,
                                                     pitchRange: 30, volume: 100))
        let reprompt = answer.utterances.first { $0.key == .noMatch }
        #expect(reprompt?.requestedVariant == .concise)
        #expect(reprompt?.variant == .default)     // no concise wording: falls back
    }

    @Test func boredCallerGetsALivelyStyleAndOneFact() {
        var call = Call()
        call.startAndListen()
        _ = call.turn(.bored)
        call.send(.promptFinished, after: 4)
        _ = call.turn(.bored)
        #expect(call.machine.style == .bored)
        call.send(.promptFinished, after: 2)
        let hours = call.send(.dtmf("2"))
        #expect(hours.keys == ["hours"])           // a state that waits for nothing: no extra
        let menu = call.send(.promptFinished, after: 2)
        #expect(menu.keys == ["main_menu", "fact"])
        #expect(menu.utterances.last?.purpose == .fact)
        #expect(menu.utterances.first?.synthesis.rateWPM == 179)
        call.send(.promptFinished, after: 5)
        call.send(.dtmf("2"))
        let again = call.send(.promptFinished, after: 2)
        #expect(again.keys == ["main_menu"])       // one extra per call (maxExtrasPerCall 1)
    }

    @Test func cheerfulCallerMayHearAJoke() {
        var call = Call(TestBrand.make(maxExtrasPerCall: 2))
        call.startAndListen()
        _ = call.turn(.cheerful)
        call.send(.promptFinished, after: 4)
        let second = call.turn(.cheerful)
        #expect(call.machine.style == .cheerful)
        #expect(second.keys == [.noMatch, "main_menu"])  // reprompts carry no extra
        call.send(.promptFinished, after: 2)
        call.send(.dtmf("2"))
        let menu = call.send(.promptFinished, after: 2)
        #expect(menu.keys == ["main_menu", "joke"])
    }

    @Test func languageSwitchUsesTheLanguagesVoice() {
        var call = Call()
        call.startAndListen()
        let ru = call.send(.dtmf("9"))
        #expect(call.machine.language == "ru")
        #expect(ru.utterances.first?.text == "Заказы — 1, часы работы — 2.")
        #expect(ru.utterances.first?.synthesis.espeakVoiceName == "ru+m7")
    }

    @Test func gatewayLanguageAtCallStart() {
        var call = Call()
        let first = call.send(.callStarted(language: "ru"))
        #expect(first.utterances.map(\.text) == ["Добро пожаловать.", "Вы говорите с автоматическим помощником."])
    }

    @Test func stateRulesComeBeforeTheFlowsRules() {
        var brand = TestBrand.make()
        var menu = brand.flow.state("main_menu")!
        menu.emotionRules = [EmotionRule(emotion: .irritated, inARow: 2, goto: "human")]
        brand.flow = Flow(id: brand.flow.id, start: brand.flow.start,
                          states: brand.flow.states.map { $0.id == "main_menu" ? menu : $0 },
                          settings: brand.flow.settings, human: brand.flow.human, emotion: brand.flow.emotion)
        var call = Call(brand)
        call.startAndListen()
        _ = call.turn(.irritated)
        let second = call.turn(.irritated)
        #expect(second.transitions.map(\.to) == ["human"])
    }

    @Test func unknownGatewayLanguageFallsBackToTheDefault() {
        var call = Call()
        call.send(.callStarted(language: "de"))
        #expect(call.machine.language == "en")
        #expect(call.utterances.first?.text == "Welcome to Test Shop.")
    }
}
