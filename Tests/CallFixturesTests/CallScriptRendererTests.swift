import CallFixtures
import Foundation
import Testing
import TestSupport

@Suite struct CallScriptRendererTests {
    let yaml = """
        description: test call
        voice: claims-24x7
        rateHz: 8000
        caller: {voice: en-us, variant: m3, rateWPM: 170}
        script:
          - silence: 1.5
          - dtmf: "12"
          - silence: 0.5
          - say: "I need to report an accident."
            volume: 150
        expect: {outcome: completed, states: [a, b]}
        """

    @Test func rendersStepsAtTheirPlaces() throws {
        let dir = try Paths.temporaryDirectory()
        let path = dir.appendingPathComponent("call.yaml").path
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        let script = try CallScriptRenderer.load(path: path)
        #expect(script.expect.states == ["a", "b"])
        #expect(script.script[3].volume == 150)
        let (samples, starts) = try CallScriptRenderer.render(script)
        #expect(starts[0] == 0 && starts[1] == 1.5)
        // Two digits: 100 ms tone + 100 ms pause each → the silence starts at 1.9 s.
        #expect(abs(starts[2] - 1.9) < 0.001)
        #expect(abs(starts[3] - 2.4) < 0.001)
        #expect(samples.prefix(12000).allSatisfy { $0 == 0 })
        #expect(Double(samples.count) / 8000 > 3.5)
    }

    @Test func aStepMustSayExactlyOneThing() throws {
        var script = try CallScriptRenderer.loadFromString(yaml)
        script.script.append(.init(silence: 1, say: "both"))
        #expect(throws: CallScriptError.invalidStep(path: "<script>", index: 4, reason: "give exactly one of silence, say, play, dtmf")) {
            try CallScriptRenderer.render(script)
        }
    }

    @Test func unreadableScriptsNameTheFile() {
        let error = #expect(throws: CallScriptError.self) { try CallScriptRenderer.load(path: "/nonexistent/call.yaml") }
        #expect(error?.description.hasPrefix("/nonexistent/call.yaml:") == true)
    }
}
