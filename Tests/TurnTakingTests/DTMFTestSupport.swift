import Foundation
import AudioCore
import CSpanDSP
import TestSupport
@testable import TurnTaking

/// Test helpers for the DTMF tests: an independent sine-pair generator, G.711 round trip, WAV reading.
enum DTMFTestSignals {
    static let rateHz = 8000

    /// Pure-Swift DTMF digit string (independent of spandsp's generator): each digit is two sines at
    /// `levelDBm0` each (`DTMFLevel` convention) for `toneMs`, then `gapMs` of silence.
    static func sinePairs(_ digits: String, levelDBm0: Double, toneMs: Double, gapMs: Double,
                          highGroupOffsetDB: Double = 0, phase: Double = 0.3) -> [Float] {
        var out = [Float]()
        let toneSamples = Int(toneMs * Double(rateHz) / 1000)
        let gapSamples = Int(gapMs * Double(rateHz) / 1000)
        let lowAmplitude = DTMFLevel.sineAmplitude(dBm0: levelDBm0)
        let highAmplitude = DTMFLevel.sineAmplitude(dBm0: levelDBm0 + highGroupOffsetDB)
        for digit in digits {
            let (lowHz, highHz) = DTMFDigits.frequenciesHz(of: digit)!
            let wl = 2 * Double.pi * lowHz / Double(rateHz)
            let wh = 2 * Double.pi * highHz / Double(rateHz)
            for n in 0..<toneSamples {
                let x = lowAmplitude * sin(wl * Double(n) + phase) + highAmplitude * sin(wh * Double(n) + 2 * phase)
                out.append(Float(x))
            }
            out.append(contentsOf: repeatElement(0, count: gapSamples))
        }
        return out
    }

    /// Encodes to G.711 µ-law and back, as a PCMU call leg does.
    static func ulawRoundTrip(_ samples: [Float]) -> [Float] {
        samples.map { x in
            let code = linear_to_ulaw(Int32(SampleConversion.toInt16(x)))
            return SampleConversion.toFloat(ulaw_to_linear(code))
        }
    }

    static func silence(ms: Double) -> [Float] {
        [Float](repeating: 0, count: Int(ms * Double(rateHz) / 1000))
    }
}

/// Runs a detector over `samples` in blocks of `blockSize` and returns every event, flushed.
func detectDTMF(_ samples: [Float], config: DTMFDetectorConfig = .init(), blockSize: Int = 160) -> [DTMFEvent] {
    let detector = DTMFDetector(config: config)
    var events = [DTMFEvent]()
    samples.withUnsafeBufferPointer { all in
        var offset = 0
        while offset < all.count {
            let n = min(blockSize, all.count - offset)
            detector.process(UnsafeBufferPointer(rebasing: all[offset..<offset + n]), into: &events)
            offset += n
        }
    }
    detector.flush(into: &events)
    return events
}

func digitString(_ events: [DTMFEvent]) -> String { String(events.map(\.digit)) }

/// Real speech for the DTMF tests, as 8 kHz Float samples.
enum DTMFSpeech {
    typealias Clip = RealSpeech.Clip
    static func codec2Clips() throws -> [Clip] { try RealSpeech.codec2Clips(rateHz: 8000) }
    static func pocketsphinxClips() throws -> [Clip] { try RealSpeech.pocketsphinxClips(rateHz: 8000) }
    static func load(_ url: URL) throws -> Clip { try RealSpeech.load(url, rateHz: 8000) }
}
