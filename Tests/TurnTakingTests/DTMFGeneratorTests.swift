import AudioCore
import Foundation
import CallFixtures
import Testing
@testable import TurnTaking

@Suite("DTMF generator")
struct DTMFGeneratorTests {
    @Test("Tone and pause lengths are exact; the tone sits at the requested dBm0 per tone")
    func timingAndLevel() throws {
        let samples = try DTMFGenerator.samples(for: "5", config: .init(lowGroupLevelDBm0: -20, highGroupLevelDBm0: -17,
                                                                          toneDurationMs: 70, pauseDurationMs: 30))
        #expect(samples.count == 800)
        #expect(samples[560...].allSatisfy { $0 == 0 })
        // Two sines add in power: RMS² = (A_low² + A_high²) / 2.
        let expectedRMS = sqrt((pow(DTMFLevel.sineAmplitude(dBm0: -20), 2) + pow(DTMFLevel.sineAmplitude(dBm0: -17), 2)) / 2)
        let measured = Level.rmsDBFS(samples[0..<560])
        #expect(abs(Double(measured) - 20 * log10(expectedRMS)) < 0.2, "measured \(measured) dBFS")
    }

    @Test("dBm0 convention: a full-scale sine is +3.14 dBm0")
    func dBm0Convention() {
        #expect(abs(DTMFLevel.sineAmplitude(dBm0: 3.14) - 1) < 1e-12)
        #expect(abs(DTMFLevel.dBm0(sineAmplitude: DTMFLevel.sineAmplitude(dBm0: -25)) + 25) < 1e-9)
    }

    @Test("Streaming render equals one-shot generation, and stops after the last pause")
    func streamingRender() throws {
        let config = DTMFGeneratorConfig.level(-10, toneMs: 40, pauseMs: 60)
        let generator = try DTMFGenerator(config: config)
        try generator.enqueue("0a#")  // lower-case a-d are accepted
        var out = [Float]()
        var block = [Float](repeating: 0, count: 77)
        while true {
            let n = block.withUnsafeMutableBufferPointer { generator.render(into: $0) }
            out += block[0..<n]
            if n < block.count { break }
        }
        #expect(out == (try DTMFGenerator.samples(for: "0A#", config: config)))
        #expect(out.count == 3 * 100 * 8)
    }

    @Test("Bad input is refused with a message saying what is allowed")
    func invalidInput() throws {
        let generator = try DTMFGenerator()
        #expect(throws: DTMFError.invalidDigit("E", position: 2)) { try generator.enqueue("12E") }
        #expect(throws: DTMFError.self) { try generator.enqueue(String(repeating: "1", count: 200)) }
        #expect(throws: DTMFError.self) { try DTMFGenerator(config: .level(0)) }  // two 0 dBm0 sines clip
        #expect(throws: DTMFError.self) { try DTMFGenerator(config: .init(toneDurationMs: -5)) }
        #expect(DTMFError.invalidDigit("E", position: 2).description.contains("0-9 * # A B C D"))
        // A 200-digit string is fine through the one-shot helper, which queues in chunks.
        #expect(try DTMFGenerator.samples(for: String(repeating: "1", count: 200), config: .level(-10, toneMs: 40, pauseMs: 40)).count == 200 * 640)
    }
}
