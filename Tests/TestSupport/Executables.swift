import Foundation

/// Runs the built `ivr` executable, as a user would, and captures what it printed.
public enum IVRExecutable {
    public struct Result {
        public var status: Int32
        /// True when the process ended by a signal (a crash), not by exiting.
        public var crashed: Bool
        public var stdout: String
        public var stderr: String
    }

    /// The `ivr` binary built beside the test bundle (`swift build --build-tests` builds it).
    /// `IVR_TEST_BINARY` names another build (the live-call tests run the release build, as a
    /// server runs in production: real-time figures from a debug build measure the debugger's
    /// Swift, not the engine).
    public static var url: URL {
        if let path = ProcessInfo.processInfo.environment["IVR_TEST_BINARY"], !path.isEmpty {
            return URL(fileURLWithPath: path, relativeTo: Paths.repoRoot)
        }
        let candidates = [
            Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("ivr"),
            Bundle.main.bundleURL.appendingPathComponent("ivr"),
            Paths.repoRoot.appendingPathComponent(".build/debug/ivr"),
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[2]
    }

    public static func run(_ arguments: [String], in directory: URL = Paths.repoRoot) throws -> Result {
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        process.currentDirectoryURL = directory
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read before waiting: a large JSON report would otherwise fill the pipe and block.
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus,
                      crashed: process.terminationReason == .uncaughtSignal,
                      stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self))
    }
}
