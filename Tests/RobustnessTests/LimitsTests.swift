import CallFixtures
import Emotion
import Foundation
import Testing
import TestSupport

/// Issue 12's reproducers for models, scripts and commands: each trapped, aborted or said the
/// wrong thing before.
@Suite struct LimitsTests {
    static let modelURL = Paths.repoRoot.appendingPathComponent("Sources/Emotion/Resources/emotion-model.json")

    private func shippedModelJSON() throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: Self.modelURL)) as? [String: Any])
    }

    private func decodeError(_ json: [String: Any]) throws -> String? {
        do {
            _ = try EmotionModel.decode(try JSONSerialization.data(withJSONObject: json))
            return nil
        } catch {
            return "\(error)"
        }
    }

    @Test("emotion eval --speakers-per-fold 0 is a usage error (it trapped)")
    func zeroSpeakersPerFoldIsAUsageError() throws {
        let table = Paths.repoRoot.appendingPathComponent("Tests/EmotionTests/Fixtures/ravdess-pcmu-features.csv").path
        let run = try IVRExecutable.run(["emotion", "eval", "--features", table, "--quick", "--speakers-per-fold", "0"])
        #expect(!run.crashed)
        #expect(run.status == 2)
        #expect(run.stderr.contains("--speakers-per-fold must be at least 1"), "\(run.stderr)")
    }

    @Test("the shipped model file passes validation")
    func shippedModelValidates() throws {
        #expect(try decodeError(try shippedModelJSON()) == nil)
    }

    @Test("a model file whose weight rows disagree with its biases or features is refused, not trapped on in LinearClassifier")
    func mismatchedWeightRows() throws {
        func edited(_ change: (inout [String: Any]) -> Void) throws -> String? {
            var json = try shippedModelJSON()
            var relative = json["relative"] as! [String: Any]
            var label = relative["labelClassifier"] as! [String: Any]
            var weights = label["weights"] as! [[Double]]
            var copy: [String: Any] = ["weights": weights, "bias": label["bias"]!]
            change(&copy)
            weights = copy["weights"] as! [[Double]]
            label["weights"] = weights
            label["bias"] = copy["bias"]
            relative["labelClassifier"] = label
            json["relative"] = relative
            return try decodeError(json)
        }
        let shortRow = try edited { c in var w = c["weights"] as! [[Double]]; w[2].removeLast(); c["weights"] = w }
        #expect(shortRow?.contains("relative.labelClassifier needs 5 rows of 39 weights and 5 biases") == true, "\(String(describing: shortRow))")
        let extraRow = try edited { c in var w = c["weights"] as! [[Double]]; w.append(w[0]); c["weights"] = w }
        #expect(extraRow?.contains("has 6 rows") == true, "\(String(describing: extraRow))")
        let shortBias = try edited { c in var b = c["bias"] as! [Double]; b.removeLast(); c["bias"] = b }
        #expect(shortBias?.contains("4 biases") == true, "\(String(describing: shortBias))")
    }

    @Test("a decision cost matrix of the wrong shape, or a temperature ≤ 0, is refused (it fell back silently)")
    func badCostsAndTemperatureAreRefused() throws {
        var json = try shippedModelJSON()
        json["decisionCosts"] = [[0, 1], [1, 0]]
        #expect(try decodeError(json)?.contains("decisionCosts needs") == true)
        json = try shippedModelJSON()
        var relative = try #require(json["relative"] as? [String: Any])
        relative["temperature"] = 0
        json["relative"] = relative
        #expect(try decodeError(json)?.contains("temperature must be a finite number > 0") == true)
    }

    @Test("a bad clampZ or probability is refused")
    func badScalars() throws {
        var json = try shippedModelJSON()
        json["clampZ"] = -1
        #expect(try decodeError(json)?.contains("clampZ must be a finite number > 0") == true)
        json = try shippedModelJSON()
        var population = json["population"] as! [String: Any]
        population["minimumLabelProbability"] = 3
        json["population"] = population
        #expect(try decodeError(json)?.contains("minimum probabilities must be within 0…1") == true)
    }

    @Test("LinearClassifier never traps on inputs of the wrong length")
    func classifierBounds() {
        let c = LinearClassifier(weights: [[1, 2], [3, 4]], bias: [0.5, -0.5])
        #expect(c.logits([1]) == [1.5, 2.5])
        #expect(c.logits([1, 1, 1]) == [3.5, 6.5])
        #expect(c.contribution(ofFeature: 5, toClass: 0, at: [1, 1]) == 0)
    }

    // MARK: call scripts (`ivr fixtures make`)

    private let script = """
        description: test
        voice: claims-24x7
        caller: {voice: en-us}
        script:
          - silence: 1e9
        expect: {outcome: callerHungUp}
        """

    @Test("silence: 1e9 is refused before anything is allocated (it aborted on a 32 TB allocation)")
    func hugeSilence() throws {
        let s = try CallScriptRenderer.loadFromString(script, path: "call.yaml")
        #expect(throws: CallScriptError.invalidStep(path: "call.yaml", index: 0, reason: "silence 1000000000.0 s is outside 0…600 s")) {
            _ = try CallScriptRenderer.render(s, path: "call.yaml")
        }
        let long = try CallScriptRenderer.loadFromString(script.replacingOccurrences(of: "  - silence: 1e9", with: String(repeating: "  - silence: 600\n", count: 7)), path: "call.yaml")
        #expect(throws: CallScriptError.self) { _ = try CallScriptRenderer.render(long, path: "call.yaml") }
    }

    @Test("`ivr fixtures make` with silence: 1e9 exits 1 naming the file and step")
    func hugeSilenceThroughTheBinary() throws {
        let dir = try Paths.temporaryDirectory()
        let file = dir.appendingPathComponent("huge.yaml")
        try script.write(to: file, atomically: true, encoding: .utf8)
        let r = try Watchdog.ivr(["fixtures", "make", file.path], seconds: 60)
        #expect(!r.crashed && r.status == 1, "\(r.stderr)")
        #expect(r.stderr.contains("\(file.path): script step 1: silence"), "\(r.stderr)")
    }

    @Test("a manifest nested 5,000 deep is refused with its place, not a stack overflow in the YAML parser")
    func deepManifest() throws {
        let deep = "description: " + String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000) + "\n"
        #expect(throws: CallScriptError.unreadable(path: "deep.yaml", reason: "line 1, column 45: nesting deeper than 32 levels; brand files nest at most a few levels (see README \"Brand configuration\")")) {
            _ = try CallScriptRenderer.loadFromString(deep, path: "deep.yaml")
        }
    }

    @Test("--emotion-model /dev/zero is refused at once (it would be read forever); a bad --rate for previews is a usage error")
    func commandInputsAreBounded() throws {
        let r = try Watchdog.ivr(["analyze", "audio-fixtures/speech/librivox-caller-pcmu.wav", "--emotion-model", "/dev/zero"], seconds: 60)
        #expect(!r.timedOut && r.status == 1, "\(r.stderr)")
        #expect(r.stderr.contains("/dev/zero: not a regular file"), "\(r.stderr)")
        let p = try Watchdog.ivr(["voices", "preview", "claims-24x7", "--rate", "1000000000"], seconds: 60)
        #expect(p.status == 2 && p.stderr.contains("--rate must be 8000…48000 Hz"), "\(p.stderr)")
    }
}
