import Foundation

/// A peer program (ffmpeg) running beside a test, its stderr kept for the failure message.
final class BackgroundProcess {
    let process = Process()
    private let log: URL

    init(_ executable: String, _ arguments: [String], log: URL) throws {
        self.log = log
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [executable] + arguments
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = try FileHandle(forWritingTo: log)
        try process.run()
    }

    var output: String { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }

    /// Waits until it exits, at most `timeoutSec`; false on time-out (it is then killed).
    @discardableResult
    func wait(timeoutSec: Double) async -> Bool {
        let deadline = Date().addingTimeInterval(timeoutSec)
        while process.isRunning, Date() < deadline { try? await Task.sleep(nanoseconds: 50_000_000) }
        guard !process.isRunning else { kill(process.processIdentifier, SIGKILL); process.waitUntilExit(); return false }
        return true
    }

    /// SIGINT (ffmpeg then finishes its output file), then waits.
    func interrupt(timeoutSec: Double = 10) async {
        if process.isRunning { kill(process.processIdentifier, SIGINT) }
        await wait(timeoutSec: timeoutSec)
    }

    deinit { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
}
