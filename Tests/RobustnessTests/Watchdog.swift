import Foundation
import TestSupport

/// Bounds each fuzz input in time, so a hang fails the test instead of hanging CI.
enum Watchdog {
    private final class Box<T>: @unchecked Sendable {
        var value: T?
    }

    /// Runs `body` on its own thread (8 MiB stack, like a main thread); nil when it did not
    /// finish within `seconds` (the thread is left behind; the caller records the hang).
    static func run<T>(seconds: Double, _ body: @escaping @Sendable () -> T) -> T? {
        let box = Box<T>()
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            box.value = body()
            done.signal()
        }
        thread.stackSize = 8 << 20
        thread.start()
        guard done.wait(timeout: .now() + seconds) == .success else { return nil }
        return box.value
    }

    struct ProcessResult {
        var status: Int32
        var crashed: Bool
        var timedOut: Bool
        var stdout: String
        var stderr: String
    }

    /// Runs the built `ivr` with `arguments`, killed after `seconds`.
    static func ivr(_ arguments: [String], seconds: Double, in directory: URL = Paths.repoRoot) throws -> ProcessResult {
        let process = Process()
        process.executableURL = IVRExecutable.url
        process.arguments = arguments
        process.currentDirectoryURL = directory
        let tmp = FileManager.default.temporaryDirectory
        let outURL = tmp.appendingPathComponent("ivr-fuzz-out-\(UUID().uuidString)")
        let errURL = tmp.appendingPathComponent("ivr-fuzz-err-\(UUID().uuidString)")
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        defer {
            try? FileManager.default.removeItem(at: outURL)
            try? FileManager.default.removeItem(at: errURL)
        }
        let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let deadline = Date().addingTimeInterval(seconds)
        var timedOut = false
        while process.isRunning {
            if Date() > deadline {
                timedOut = true
                process.terminate()
                usleep(200_000)
                if process.isRunning { kill(process.processIdentifier, SIGKILL) }
                break
            }
            usleep(5_000)
        }
        process.waitUntilExit()
        try out.close()
        try err.close()
        return ProcessResult(status: process.terminationStatus,
                             crashed: !timedOut && process.terminationReason == .uncaughtSignal,
                             timedOut: timedOut,
                             stdout: (try? String(contentsOf: outURL, encoding: .utf8)) ?? "",
                             stderr: (try? String(contentsOf: errURL, encoding: .utf8)) ?? "")
    }
}
