import Dialogue

/// A two-state brand whose menu line has a caller's value (`menu`, e.g. "Hello {name}. Press
/// one.": rendered on demand, not at load); "1" completes the call.
func valueBrand(menu: String = "Hello {name}. Press one.") -> Brand {
    let voice = VoiceProfile(id: "v", brand: "V", languages: ["en"], disclosure: false, promptSet: "v",
                             synthesis: SynthesisSettings(voice: "en-us", variant: "m3", rateWPM: 170))
    let en = LanguagePrompts(language: "en", lines: [
        "menu": [.default: PromptLine(text: menu)],
        "bye": [.default: PromptLine(text: "Goodbye.")],
        .noInput: [.default: PromptLine(text: "Sorry?")],
        .noMatch: [.default: PromptLine(text: "Sorry?")],
    ])
    let flow = Flow(id: "v", start: "menu", states: [
        FlowState(id: "menu", prompts: [PromptRef("menu")], input: .dtmf(.menu), digits: ["1": "bye"]),
        FlowState(id: "bye", prompts: [PromptRef("bye")], terminal: .hangUp(.completed)),
    ], human: HumanEscape(key: "0", state: "bye"))
    return Brand(voice: voice, prompts: PromptSet(id: "v", languages: [en]), flow: flow)
}
