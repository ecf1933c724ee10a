import TestSupport
import Foundation
import Testing
import AudioFiles

/// A temporary folder of audio files made by sox / ffmpeg for one test, removed afterwards.
final class Fixtures {
    let dir: URL

    init(_ name: String = #function) throws { dir = try TemporaryFolder.make(name) }
    deinit { try? FileManager.default.removeItem(at: dir) }

    func url(_ name: String) -> URL { dir.appendingPathComponent(name) }

    /// `sox -n <options> <file> synth <seconds> <synth args>`: tones, one per channel.
    @discardableResult
    func synth(_ name: String, rateHz: Int, channels: Int = 1, seconds: Double, bits: Int = 16,
               encoding: String = "signed-integer", tones: [Int]) throws -> URL {
        let file = url(name)
        try ExternalTool.sox(["-n", "-r", String(rateHz), "-c", String(channels), "-b", String(bits), "-e", encoding,
                              file.path, "synth", String(seconds)] + tones.flatMap { ["sine", String($0)] }
                             + ["vol", "0.5"])
        return file
    }

    /// Real speech from codec2-examples at `rateHz`, 16-bit WAV.
    func speech(_ name: String, rateHz: Int) throws -> URL {
        let file = url(name)
        try ExternalTool.sox(["/usr/share/codec2/wav/hts1a.wav", "-r", String(rateHz), "-b", "16", file.path])
        return file
    }

    /// The first `bytes` bytes of `source` (what an interrupted copy leaves behind).
    func cut(_ source: URL, to name: String, bytes: Int) throws -> URL {
        let data = try Data(contentsOf: source)
        let file = url(name)
        try data.prefix(bytes).write(to: file)
        return file
    }
}

enum TemporaryFolder {
    static func make(_ name: String) throws -> URL {
        let safe = name.filter { $0.isLetter || $0.isNumber }
        let dir = FileManager.default.temporaryDirectory
            .appendingPathComponent("ivr-audiofiles-\(safe)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }
}

/// Runs `body`, which must throw an `AudioFileError`; returns it (or records a failure).
func audioFileError(_ body: () throws -> Void, sourceLocation: SourceLocation = #_sourceLocation) -> AudioFileError? {
    do {
        try body()
        Issue.record("expected an AudioFileError, nothing was thrown", sourceLocation: sourceLocation)
    } catch let error as AudioFileError {
        return error
    } catch {
        Issue.record("expected an AudioFileError, got \(error)", sourceLocation: sourceLocation)
    }
    return nil
}
