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
    struct Clip {
        var name: String
        var samples: [Float]
        var durationSec: Double { Double(samples.count) / 8000 }
    }

    enum LoadError: Error, CustomStringConvertible {
        case notPCM16(String)
        case sox(String, status: Int32)
        var description: String {
            switch self {
            case .notPCM16(let p): return "\(p): not a mono 16-bit PCM WAV"
            case let .sox(p, status): return "sox failed (\(status)) converting \(p)"
            }
        }
    }

    /// Every WAV from codec2-examples (8 kHz; the one 16 kHz file is resampled).
    static func codec2Clips() throws -> [Clip] {
        try wavFiles(in: Paths.codec2Wav).map(load)
    }

    /// pocketsphinx-testdata's librivox and cards WAVs (16 kHz), resampled to 8 kHz with sox.
    static func pocketsphinxClips() throws -> [Clip] {
        let dirs = ["librivox", "cards"].map { Paths.pocketsphinxData.appendingPathComponent($0) }
        return try dirs.flatMap(wavFiles).map(load)
    }

    static func wavFiles(in dir: URL) throws -> [URL] {
        try FileManager.default.contentsOfDirectory(at: dir, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "wav" }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    /// Loads `url` as 8 kHz mono: parsed directly when it already is 8 kHz PCM16, else via sox.
    static func load(_ url: URL) throws -> Clip {
        let data = try Data(contentsOf: url)
        if let wav = parseWAV(data), wav.rateHz == 8000, wav.channels == 1 {
            return Clip(name: url.lastPathComponent, samples: wav.samples)
        }
        return Clip(name: url.lastPathComponent, samples: try soxTo8kHz(url))
    }

    /// Minimal RIFF/WAVE reader: PCM 16-bit only; walks the chunks to find `fmt ` and `data`.
    static func parseWAV(_ data: Data) -> (rateHz: Int, channels: Int, samples: [Float])? {
        let bytes = [UInt8](data)
        func u16(_ i: Int) -> Int { Int(bytes[i]) | Int(bytes[i + 1]) << 8 }
        func u32(_ i: Int) -> Int { u16(i) | u16(i + 2) << 16 }
        guard bytes.count >= 12, String(decoding: bytes[0..<4], as: UTF8.self) == "RIFF",
              String(decoding: bytes[8..<12], as: UTF8.self) == "WAVE" else { return nil }
        var i = 12
        var format: (tag: Int, channels: Int, rate: Int, bits: Int)?
        while i + 8 <= bytes.count {
            let id = String(decoding: bytes[i..<i + 4], as: UTF8.self)
            let size = u32(i + 4)
            let body = i + 8
            if id == "fmt " {
                format = (u16(body), u16(body + 2), u32(body + 4), u16(body + 14))
            } else if id == "data", let f = format {
                guard f.tag == 1 || f.tag == 0xFFFE, f.bits == 16 else { return nil }
                let end = min(bytes.count, body + size) & ~1
                var samples = [Float]()
                samples.reserveCapacity((end - body) / 2)
                var j = body
                while j + 1 < end {
                    samples.append(Float(Int16(bitPattern: UInt16(u16(j)))) / 32768)
                    j += 2
                }
                return (f.rate, f.channels, samples)
            }
            i = body + size + (size & 1)
        }
        return nil
    }

    static func soxTo8kHz(_ url: URL) throws -> [Float] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sox")
        process.arguments = ["-V1", url.path, "-t", "raw", "-e", "signed-integer", "-b", "16", "-c", "1", "-r", "8000", "-"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw LoadError.sox(url.path, status: process.terminationStatus) }
        return data.withUnsafeBytes { raw in
            raw.bindMemory(to: Int16.self).map { Float(Int16(littleEndian: $0)) / 32768 }
        }
    }
}
