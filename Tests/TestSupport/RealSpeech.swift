import Foundation

/// Real read speech from Debian packages (codec2-examples, pocketsphinx-testdata), for tests that
/// must hold on real voices rather than synthetic signals.
public enum RealSpeech {
    public struct Clip {
        public var name: String
        public var samples: [Float]
        public var sampleRateHz: Int
        public var durationSec: Double { Double(samples.count) / Double(sampleRateHz) }
    }

    public enum LoadError: Error, CustomStringConvertible {
        case sox(String, status: Int32)
        public var description: String {
            switch self {
            case let .sox(p, status): return "sox failed (\(status)) converting \(p)"
            }
        }
    }

    /// Every WAV from codec2-examples (8 kHz originals).
    public static func codec2Clips(rateHz: Int = 8000) throws -> [Clip] {
        try wavFiles(in: Paths.codec2Wav).map { try load($0, rateHz: rateHz) }
    }

    /// pocketsphinx-testdata's librivox and cards WAVs (16 kHz originals).
    public static func pocketsphinxClips(rateHz: Int = 8000) throws -> [Clip] {
        let dirs = ["librivox", "cards"].map { Paths.pocketsphinxData.appendingPathComponent($0) }
        return try dirs.flatMap(wavFiles).map { try load($0, rateHz: rateHz) }
    }

    public static func wavFiles(in dir: URL) throws -> [URL] {
        try FileManager.default.contentsOfDirectory(at: dir, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "wav" }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    /// Loads `url` as mono at `rateHz`: read directly when it already is 16-bit PCM at that
    /// rate, converted with sox otherwise.
    public static func load(_ url: URL, rateHz: Int) throws -> Clip {
        if let wav = try? TestWAV.read(url), wav.sampleRateHz == rateHz {
            return Clip(name: url.lastPathComponent, samples: wav.samples, sampleRateHz: rateHz)
        }
        return Clip(name: url.lastPathComponent, samples: try soxConvert(url, rateHz: rateHz), sampleRateHz: rateHz)
    }

    static func soxConvert(_ url: URL, rateHz: Int) throws -> [Float] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sox")
        process.arguments = ["-V1", "-R", url.path, "-t", "raw", "-e", "signed-integer", "-b", "16", "-c", "1",
                             "-r", String(rateHz), "-"]
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
