import Dialogue

/// A small shop brand built in code: menu by digits, an order-number entry, a spoken turn,
/// an offer of a human, a human transfer and goodbyes. Every line has a `default` variant;
/// only some have `concise` (to test the fallback).
enum TestBrand {
    static func make(disclosure: Bool = true, maxExtrasPerCall: Int = 1,
                     rules: [EmotionRule] = [EmotionRule(emotion: .irritated, inARow: 2, goto: "offer_human")],
                     onFailure: StateID? = "goodbye_failed") -> Brand {
        let voice = VoiceProfile(
            id: "test-shop", brand: "Test Shop", languages: ["en", "ru"], disclosure: disclosure, promptSet: "shop",
            synthesis: SynthesisSettings(voice: "en-us", variant: "m3", rateWPM: 160, pitch: 50, pitchRange: 50, volume: 100),
            languageVoices: ["ru": SynthesisSettings(voice: "ru", variant: "m7", rateWPM: 160, pitch: 50, pitchRange: 50, volume: 100)],
            styles: [
                .irritated: EmotionStyle(ratePercent: -10, pitchDelta: -8, pitchRangeDelta: -20, variant: .concise),
                .anxious: EmotionStyle(ratePercent: -5, variant: .reassuring),
                .bored: EmotionStyle(ratePercent: 12, pitchDelta: 6, pitchRangeDelta: 20, variant: .lively, extra: .fact),
                .cheerful: EmotionStyle(ratePercent: 5, pitchDelta: 4, variant: .friendly, extra: .joke),
            ],
            maxExtrasPerCall: maxExtrasPerCall)
        func line(_ text: String, concise: String? = nil) -> [PromptVariant: PromptLine] {
            var variants: [PromptVariant: PromptLine] = [.default: PromptLine(text: text)]
            if let concise { variants[.concise] = PromptLine(text: concise) }
            return variants
        }
        let en = LanguagePrompts(language: "en", lines: [
            "greeting": line("Welcome to Test Shop."),
            .disclosure: line("You are talking to an automated assistant."),
            "main_menu": line("For orders press 1, for opening hours press 2, to tell us anything press 3.",
                              concise: "Orders 1, hours 2, talk 3."),
            "order_number": line("Please enter your order number, then press hash."),
            "order_found": line("Order {order} is on its way."),
            "hours": line("We are open nine to five."),
            "tell_us": line("Tell us what happened after the tone."),
            "thanks": line("Thank you, we have noted it."),
            "offer_human": line("I can tell this is frustrating. Press 1 to talk to a person, or 2 to go on.",
                                concise: "Press 1 for a person, 2 to go on."),
            "human": line("Connecting you to a person now.", concise: "Connecting you."),
            "goodbye": line("Goodbye."),
            "goodbye_failed": line("Sorry we could not help. Goodbye."),
            .noInput: line("Sorry, I did not hear anything."),
            .noMatch: line("Sorry, that is not an option."),
            "no_input_2": line("Still there? Let me repeat."),
        ], extras: [.fact: [PromptLine(text: "Fun fact: our first shop opened in 1901.")],
                    .joke: [PromptLine(text: "Why did the parcel smile? It was well wrapped.")]])
        let ru = LanguagePrompts(language: "ru", lines: [
            "greeting": line("Добро пожаловать."),
            .disclosure: line("Вы говорите с автоматическим помощником."),
            "main_menu": line("Заказы — 1, часы работы — 2."),
        ])
        let prompts = PromptSet(id: "shop", languages: [en, ru])
        let menuPrompt = [PromptRef("main_menu")]
        let flow = Flow(
            id: "shop", start: "greeting",
            states: [
                FlowState(id: "greeting", prompts: [PromptRef("greeting")], next: "main_menu"),
                FlowState(id: "main_menu", prompts: menuPrompt, input: .dtmf(.menu),
                          digits: ["1": "order_number", "2": "hours", "3": "tell_us", "9": "main_ru"],
                          noInputPrompts: [.noInput, "no_input_2"]),
                FlowState(id: "main_ru", prompts: [PromptRef("main_menu")], input: .dtmf(.menu),
                          digits: ["1": "order_number"], language: "ru"),
                FlowState(id: "order_number", prompts: [PromptRef("order_number")],
                          input: .dtmf(DTMFInput(minDigits: 4, maxDigits: 8, finishKey: "#", interDigitTimeoutSec: 3)),
                          onInput: "order_found", store: "order"),
                FlowState(id: "order_found", prompts: [PromptRef("order_found")], next: "goodbye"),
                FlowState(id: "hours", prompts: [PromptRef("hours")], next: "main_menu"),
                FlowState(id: "tell_us", prompts: [PromptRef("tell_us")], input: .speech, onTurn: "thanks"),
                FlowState(id: "thanks", prompts: [PromptRef("thanks")], next: "goodbye"),
                FlowState(id: "offer_human", prompts: [PromptRef("offer_human")], input: .dtmf(.menu),
                          digits: ["1": "human", "2": "main_menu"], onNoInput: "human", maxNoInput: 1),
                FlowState(id: "human", prompts: [PromptRef("human")], terminal: .transfer(target: "queue:support")),
                FlowState(id: "goodbye", prompts: [PromptRef("goodbye")], terminal: .hangUp(.completed)),
                FlowState(id: "goodbye_failed", prompts: [PromptRef("goodbye_failed")], terminal: .hangUp(.failed)),
            ],
            settings: FlowSettings(onFailure: onFailure),
            human: HumanEscape(key: "0", state: "human"),
            emotion: EmotionPolicy(rules: rules))
        return Brand(voice: voice, prompts: prompts, flow: flow)
    }
}

/// Drives a machine through a call and keeps every action, for whole-call assertions.
struct Call {
    var machine: DialogueStateMachine
    var log: [(t: Double, action: DialogueAction)] = []
    var t: Double = 0

    init(_ brand: Brand = TestBrand.make()) { machine = DialogueStateMachine(brand: brand) }

    @discardableResult
    mutating func send(_ event: DialogueEvent, after seconds: Double = 0.5) -> [DialogueAction] {
        t += seconds
        let actions = machine.handle(event, at: t)
        log += actions.map { (t, $0) }
        return actions
    }

    /// Start the call and let the greeting and the menu play out.
    mutating func startAndListen() {
        send(.callStarted)
        send(.promptFinished, after: 3)   // greeting + disclosure
        send(.promptFinished, after: 4)   // main menu
    }

    mutating func turn(_ emotion: CallerEmotion, confidence: Double? = 0.9) -> [DialogueAction] {
        send(.callerTurn(CallerTurn(emotion: emotion, confidence: confidence, startSec: t + 0.1, endSec: t + 1.5)), after: 2)
    }

    mutating func press(_ keys: String) {
        for key in keys { send(.dtmf(key), after: 0.3) }
    }

    var transitions: [StateTransition] {
        log.compactMap { if case .transition(let tr) = $0.action { return tr } else { return nil } }
    }
    var visited: [StateID] { transitions.map(\.to) }
    var utterances: [Utterance] {
        log.compactMap { if case .say(let u) = $0.action { return u } else { return nil } }
    }
}

extension Array where Element == DialogueAction {
    var utterances: [Utterance] { compactMap { if case .say(let u) = $0 { return u } else { return nil } } }
    var keys: [PromptKey] { utterances.map(\.key) }
    var transitions: [StateTransition] {
        compactMap { if case .transition(let tr) = $0 { return tr } else { return nil } }
    }
}
