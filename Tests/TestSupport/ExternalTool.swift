import Foundation

/// Runs sox / ffmpeg (installed by scripts/setup.sh): real peers, and makers of test audio.
public enum ExternalTool {
    public struct Failure: Error, CustomStringConvertible {
        public let command: String
        public let status: Int32
        public let stderr: String
        public var description: String { "`\(command)` exited with \(status): \(stderr.suffix(800))" }
    }

    /// Runs `executable` (looked up in PATH) with `arguments`; throws with its stderr on failure.
    public static func run(_ executable: String, _ arguments: [String]) throws {
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

    public static func ffmpeg(_ arguments: [String]) throws {
        try run("ffmpeg", ["-hide_banner", "-loglevel", "error", "-y"] + arguments)
    }

    public static func sox(_ arguments: [String]) throws { try run("sox", arguments) }
}
