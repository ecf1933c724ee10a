import BrandConfig
import Testing

/// Broken prompt sets and flows: missing lines, variants, audio; unknown and unreachable states.
@Suite struct LintPromptTests {
    @Test func missingPromptKeyForAState() throws {
        let brand = try TempBrand()
        try brand.edit(TempBrand.flowPath, "    say: hours\n", "    say: hour\n")
        #expect(brand.messages() == [
            "prompts/acme/en.yaml:12:3: warning: line 'hours' is not said by any state of the flow; did you mean 'hour'?",
            "prompts/acme/flow.yaml:15:10: error: say of state 'hours' says 'hour', which prompts/acme/en.yaml does not have; did you mean 'hours'?",
        ])
    }

    @Test func missingStyleVariantFallsBackWithAWarning() throws {
        let brand = try TempBrand()
        try brand.edit(TempBrand.promptsPath, "    concise: \"9 to 5.\"\n", "")
        let report = brand.lint()
        #expect(!report.hasErrors)
        #expect(brand.messages() == [
            "prompts/acme/en.yaml:12:3: warning: 'hours' has no 'concise' wording for the irritated style of voices/acme.yaml; the default one is used; add 'concise:' under 'hours'",
        ])
    }

    @Test func variantNoStyleUsesIsFlagged() throws {
        let brand = try TempBrand()
        try brand.edit(TempBrand.promptsPath, "    concise: \"9 to 5.\"\n", "    consice: \"9 to 5.\"\n")
        #expect(brand.messages().contains(
            "prompts/acme/en.yaml:14:5: warning: variant 'consice' of 'hours' is used by no style of voices/acme.yaml; did you mean 'concise'?"))
    }

    @Test func lineWithoutDefaultWording() throws {
        let brand = try TempBrand()
        try brand.edit(TempBrand.promptsPath, "    default: \"Nine to five.\"\n", "")
        #expect(brand.messages() == [
            "prompts/acme/en.yaml:13:5: error: line 'hours' has no default wording; add 'default:' — every other variant falls back to it",
        ])
    }

    @Test func transitionToUnknownState() throws {
        let brand = try TempBrand()
        try brand.edit(TempBrand.flowPath, "1: hours", "1: hourz")
        #expect(brand.messages() == [
            "prompts/acme/flow.yaml:13:10: error: digits '1' of state 'menu' goes to state 'hourz', which does not exist; did you mean 'hours'?",
            "prompts/acme/flow.yaml:14:3: warning: state 'hours' is unreachable: no state leads to it; lead to it from another state (digits, next, onInput, …) or remove it",
        ])
    }

    @Test func unreachableState() throws {
        let brand = try TempBrand()
        try brand.edit(TempBrand.flowPath, "  human:\n    say: human", "  orphan:\n    say: hours\n    next: menu\n  human:\n    say: human")
        #expect(brand.messages() == [
            "prompts/acme/flow.yaml:17:3: warning: state 'orphan' is unreachable: no state leads to it; lead to it from another state (digits, next, onInput, …) or remove it",
        ])
    }

    @Test func audioFileThatDoesNotExist() throws {
        let brand = try TempBrand()
        try brand.write("prompts/acme/audio/hours-en.wav", bytes: TempBrand.recording)
        try brand.edit(TempBrand.promptsPath, "    default: \"Nine to five.\"", "    default: {text: \"Nine to five.\", audio: audio/hours.wav}")
        #expect(brand.messages() == [
            "prompts/acme/en.yaml:13:45: error: audio file 'audio/hours.wav' does not exist (looked for prompts/acme/audio/hours.wav); did you mean 'audio/hours-en.wav'?",
        ])
        try brand.edit(TempBrand.promptsPath, "audio/hours.wav", "audio/hours-en.wav")
        #expect(brand.messages() == [])
    }

    @Test func flowValuesOutOfRange() throws {
        let brand = try TempBrand()
        try brand.edit(TempBrand.flowPath, "start: greeting\n",
                       "start: greeting\nsettings:\n  noInputTimeoutSec: 120\n  maxNoInput: 0\n")
        #expect(brand.messages() == [
            "prompts/acme/flow.yaml:3:22: error: noInputTimeoutSec 120 is out of range 0.5…60; use a value like 5",
            "prompts/acme/flow.yaml:4:15: error: maxNoInput 0 is out of range 1…10; use a value like 3",
        ])
    }

    @Test func humanKeyConflictsWithAMenuEntry() throws {
        let brand = try TempBrand()
        try brand.edit(TempBrand.flowPath, "      1: hours\n", "      1: hours\n      0: hours\n")
        #expect(brand.messages() == [
            "prompts/acme/flow.yaml:14:7: error: '0' is the key to a human in every state, so this entry is never taken; use another key here, or turn the human key off for this state with 'human: false'",
        ])
    }

    @Test func deadEndState() throws {
        let brand = try TempBrand()
        try brand.edit(TempBrand.flowPath, "    say: hours\n    next: menu\n", "    say: hours\n")
        #expect(brand.messages() == [
            "prompts/acme/flow.yaml:15:5: error: state 'hours' waits for nothing and leads nowhere; add 'next:', an 'input:' with its exits, 'transfer:' or 'hangup:'",
        ])
    }

    @Test func humanStateMissing() throws {
        let brand = try TempBrand()
        try brand.edit(TempBrand.flowPath, "  state: human", "  state: humane")
        #expect(brand.messages().contains(
            "prompts/acme/flow.yaml:4:10: error: the human key leads to state 'humane', which does not exist; did you mean 'human'? (set human.state)"))
    }

    @Test func placeholderWithoutAStoredValue() throws {
        let brand = try TempBrand()
        try brand.edit(TempBrand.promptsPath, "\"Nine to five.\"", "\"Your order {order} is ready.\"")
        #expect(brand.messages() == [
            "prompts/acme/en.yaml:13:5: warning: '{order}' in 'hours' (default) has no value: no state stores 'order'; add 'store: order' to the state that collects it",
        ])
    }

    @Test func digitEntryLongerThanTheStateTakes() throws {
        let brand = try TempBrand()
        try brand.edit(TempBrand.flowPath, "      1: hours\n", "      1: hours\n      12: hours\n")
        #expect(brand.messages() == [
            "prompts/acme/flow.yaml:14:7: error: entry '12' has 2 digits but state 'menu' takes at most 1; set 'input: {type: dtmf, maxDigits: 2}'",
        ])
    }
}
