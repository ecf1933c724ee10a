import AudioCore
import Foundation
import CallFixtures
import Testing
import TestSupport
@testable import TurnTaking

/// DTMF against real speech: talk-off (no digit may be found in speech) and digits between speech.
/// The corpora are Debian packages installed by scripts/setup.sh; a missing file fails the test.
@Suite("DTMF detector on real speech")
struct DTMFSpeechTests {
    static let allDigits = "123A456B789C*0#D"

    @Test("Talk-off: zero digits in every codec2 and pocketsphinx speech file, at −10/0/+10 dB, linear and µ-law, two block alignments")
    func noDigitsInSpeech() throws {
        let clips = try DTMFSpeech.codec2Clips() + DTMFSpeech.pocketsphinxClips()
        let seconds = clips.reduce(0) { $0 + $1.durationSec }
        #expect(clips.count >= 25)
        #expect(seconds >= 5 * 60, "only \(seconds) s of speech found")
        var passes = 0
        var falseDigits = [String]()
        for clip in clips {
            for gainDB: Float in [-10, 0, 10] {
                // +10 dB clips the loudest files: clipped speech is a harsher talk-off test, not an easier one.
                let scaled = Signals.clipped(Signals.scaled(clip.samples, gainDB: gainDB), limit: 1)
                for samples in [scaled, DTMFTestSignals.ulawRoundTrip(scaled)] {
                    // Half a block of delay puts the speech on a different Goertzel grid.
                    for shift in [0, DTMFDetector.blockSamples / 2] {
                        let input = [Float](repeating: 0, count: shift) + samples
                        for config in [DTMFDetectorConfig(), DTMFDetectorConfig(minimumLevelDBm0: -42)] {
                            falseDigits += detectDTMF(input, config: config).map { "\(clip.name) \(gainDB) dB: \($0)" }
                            passes += 1
                        }
                    }
                }
            }
        }
        #expect(falseDigits.isEmpty, "\(falseDigits)")
        print(String(format: "DTMF talk-off: %d files, %.2f min of distinct speech, %d detector passes (%.1f min analysed), %d false digits",
                     clips.count, seconds / 60, passes, Double(passes / clips.count) * seconds / 60,
                     falseDigits.count))
    }

    @Test("Digits between real speech: the 16 digits exactly, speech at its recorded level, tones −25…−3 dBm0",
          arguments: [-25, -20, -10, -3])
    func digitsBetweenSpeech(levelDBm0: Int) throws {
        let before = try DTMFSpeech.load(Paths.codec2Wav.appendingPathComponent("david4.wav")).samples
        let after = try DTMFSpeech.load(Paths.codec2Wav.appendingPathComponent("vk5qi.wav")).samples
        for (toneMs, gapMs) in [(40, 40), (50, 60), (100, 50)] {
            for generated in [
                try DTMFGenerator.samples(for: Self.allDigits, config: .level(levelDBm0, toneMs: toneMs, pauseMs: gapMs)),
                DTMFTestSignals.sinePairs(Self.allDigits, levelDBm0: Double(levelDBm0), toneMs: Double(toneMs), gapMs: Double(gapMs)),
            ] {
                // The speech runs right up to the first tone and starts right after the last pause.
                let signal = before + generated + after
                for (name, samples) in [("linear", signal), ("µ-law", DTMFTestSignals.ulawRoundTrip(signal))] {
                    let events = detectDTMF(samples)
                    #expect(digitString(events) == Self.allDigits, "\(name) \(levelDBm0) dBm0 \(toneMs)/\(gapMs) ms")
                    let starts = (0..<16).map { before.count + $0 * (toneMs + gapMs) * 8 }
                    if events.count == 16 {
                        for (event, start) in zip(events, starts) {
                            #expect(abs(event.startSample - start) <= 160, "\(name): \(event) vs true start \(start)")
                        }
                    }
                }
            }
        }
    }
}
