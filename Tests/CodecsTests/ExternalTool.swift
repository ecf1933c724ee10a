import Foundation

/// Runs sox / ffmpeg (installed by scripts/setup.sh) as real peers for the codec tests.
enum ExternalTool {
    struct Failure: Error, CustomStringConvertible {
        let command: String
        let status: Int32
        let stderr: String
        var description: String { "`\(command)` exited with \(status): \(stderr.suffix(800))" }
    }

    /// Runs `executable` (looked up in PATH) with `arguments`; throws with its stderr on failure.
    static func run(_ executable: String, _ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [executable] + arguments
        // stderr goes to a file: a pipe nobody drains could fill and block the tool.
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("ivr-tool-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: log) }
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = handle
        try process.run()
        process.waitUntilExit()
        try handle.close()
        guard process.terminationStatus == 0 else {
            throw Failure(command: ([executable] + arguments).joined(separator: " "),
                          status: process.terminationStatus,
                          stderr: (try? String(contentsOf: log, encoding: .utf8)) ?? "")
        }
    }

    static func ffmpeg(_ arguments: [String]) throws {
        try run("ffmpeg", ["-hide_banner", "-loglevel", "error", "-y"] + arguments)
    }

    /// Writes little-endian Int16 samples.
    static func writeS16LE(_ samples: [Int16], to url: URL) throws {
        var data = Data(capacity: samples.count * 2)
        for s in samples { withUnsafeBytes(of: s.littleEndian) { data.append(contentsOf: $0) } }
        try data.write(to: url)
    }

    static func readS16LE(_ url: URL) throws -> [Int16] {
        let data = try Data(contentsOf: url)
        return stride(from: 0, to: data.count - 1, by: 2).map {
            Int16(bitPattern: UInt16(data[$0]) | UInt16(data[$0 + 1]) << 8)
        }
    }

    /// Real speech from codec2-examples as Float at `rateHz` (converted by sox), first `seconds`.
    static func speech(rateHz: Int, seconds: Double, file: String = "hts1a.wav") throws -> [Float] {
        let dir = FileManager.default.temporaryDirectory
        let raw = dir.appendingPathComponent("ivr-speech-\(UUID().uuidString.prefix(8)).raw")
        defer { try? FileManager.default.removeItem(at: raw) }
        let source = "/usr/share/codec2/wav/\(file)"
        try run("sox", [source, "-t", "raw", "-e", "signed-integer", "-b", "16", "-L",
                        "-r", String(rateHz), raw.path, "trim", "0", String(seconds)])
        return try readS16LE(raw).map { Float($0) / 32768 }
    }
}
