import BrandConfig
import Dialogue
import Testing
import TestSupport

/// Whole calls through the shipped flows, loaded from YAML: the same events, different brands.
@Suite struct ShippedCallTests {
    func call(_ id: String) throws -> DialogueStateMachine {
        DialogueStateMachine(brand: try BrandRepository(root: Paths.repoRoot.path).load(voice: id).brand)
    }

    @Test func pharmacyGreetsInEnglishOffersRussianAndDisclosesAutomation() throws {
        var dialogue = try call("pharmacy-grandpa")
        let first = dialogue.handle(.callStarted, at: 0)
        let lines = first.compactMap { if case .say(let u) = $0 { return u } else { return nil } }
        #expect(lines.map(\.key) == ["greeting", "disclosure", "language_offer"])
        #expect(lines.map(\.language) == ["en", "en", "ru"])
        #expect(lines[1].text.contains("automated assistant"))
        #expect(lines[2].synthesis.espeakVoiceName == "ru+grandpa")
    }

    @Test func pharmacyRefillByDigitsInRussian() throws {
        var dialogue = try call("pharmacy-grandpa")
        var t = 0.0
        func send(_ event: DialogueEvent) -> [DialogueAction] { t += 1; return dialogue.handle(event, at: t) }
        _ = send(.callStarted)
        _ = send(.dtmf("9"))                      // type-ahead into the menu: Russian
        _ = send(.promptFinished)
        _ = send(.dtmf("1"))
        _ = send(.promptFinished)
        for key in "4071234#" { _ = send(.dtmf(key)) }
        #expect(dialogue.state == "refill_confirm")
        #expect(dialogue.language == "ru")
        let said = dialogue.handle(.promptFinished, at: t)
        #expect(said == [.startTimer(.noInput, afterSec: 8)])
        let last = dialogue.handle(.dtmf("1"), at: t + 1).compactMap { if case .say(let u) = $0 { return u } else { return nil } }
        #expect(last.first?.text.hasPrefix("Спасибо. Рецепт 4 0 7 1 2 3 4 будет готов") == true)
    }

    /// The same irritated caller in three brands: offered a human, in each brand's concise words
    /// and its own slower, lower delivery.
    @Test func irritatedCallerIsOfferedAHumanInEveryBrand() throws {
        for (id, offerState) in [("pharmacy-grandpa", "offer_pharmacist"), ("youth-fashion", "offer_human"), ("claims-24x7", "offer_human")] {
            var dialogue = try call(id)
            _ = dialogue.handle(.callStarted, at: 0)
            _ = dialogue.handle(.promptFinished, at: 4)
            _ = dialogue.handle(.promptFinished, at: 10)
            let turn = CallerTurn(emotion: .irritated, confidence: 0.8, startSec: 11, endSec: 13)
            _ = dialogue.handle(.callerTurn(turn), at: 13)
            let actions = dialogue.handle(.callerTurn(CallerTurn(emotion: .irritated, confidence: 0.8, startSec: 14, endSec: 16)), at: 16)
            #expect(dialogue.state == StateID(offerState), "\(id)")
            let offer = actions.compactMap { if case .say(let u) = $0 { return u } else { return nil } }.first
            #expect(offer?.variant == .concise && offer?.style == .irritated, "\(id)")
            _ = dialogue.handle(.promptFinished, at: 20)
            _ = dialogue.handle(.dtmf("1"), at: 21)
            _ = dialogue.handle(.promptFinished, at: 23)
            #expect(dialogue.outcome == .transferred, "\(id)")
        }
    }
}
