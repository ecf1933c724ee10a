import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `ivr serve` run as a user runs it, on loopback, for one test: started with a token and a port
/// range of its own, stopped with SIGTERM (and killed if it does not stop), or killed with SIGKILL
/// (a crash) and started again on the same records store.
public final class ServerProcess {
    public let process = Process()
    public let token: String
    public let baseURL: URL
    private let output: URL
    private let errors: URL

    /// A root with only the claims brand (voices/claims-24x7.yaml and prompts/claims): the server
    /// renders one brand's lines at start instead of all three.
    public static func claimsOnlyRoot() throws -> URL {
        let root = try Paths.temporaryDirectory("claims-root")
        let fm = FileManager.default
        try fm.createDirectory(at: root.appendingPathComponent("voices"), withIntermediateDirectories: true)
        try fm.createDirectory(at: root.appendingPathComponent("prompts"), withIntermediateDirectories: true)
        try fm.copyItem(at: Paths.repoRoot.appendingPathComponent("voices/claims-24x7.yaml"),
                        to: root.appendingPathComponent("voices/claims-24x7.yaml"))
        try fm.copyItem(at: Paths.repoRoot.appendingPathComponent("prompts/claims"), to: root.appendingPathComponent("prompts/claims"))
        return root
    }

    /// Starts the server and waits (bounded) until it prints its control API address. `root` nil:
    /// a fresh claims-only root; `records` nil: a SQLite file in the server's own folder.
    public init(rtpPorts: ClosedRange<Int>, root: URL? = nil, records: String? = nil, shutdownDeadlineSec: Int = 2,
                extra: [String] = [], token: String = "test-token-\(UUID().uuidString.prefix(8))",
                startTimeoutSec: Double = 180) throws {
        self.token = token
        let dir = try Paths.temporaryDirectory("serve")
        output = dir.appendingPathComponent("stdout.log")
        errors = dir.appendingPathComponent("stderr.log")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
        process.executableURL = IVRExecutable.url
        process.currentDirectoryURL = dir
        process.arguments = ["serve", "--http-port", "0", "--token", token,
                             "--rtp-ports", "\(rtpPorts.lowerBound)-\(rtpPorts.upperBound)", "--log-level", "warning",
                             "--shutdown-deadline", "\(shutdownDeadlineSec)",
                             "--root", try (root ?? Self.claimsOnlyRoot()).path,
                             "--records", records ?? dir.appendingPathComponent("records.sqlite").path] + extra
        process.standardOutput = try FileHandle(forWritingTo: output)
        process.standardError = try FileHandle(forWritingTo: errors)
        try process.run()
        let deadline = Date().addingTimeInterval(startTimeoutSec)
        var url: URL?
        while url == nil, Date() < deadline, process.isRunning {
            Thread.sleep(forTimeInterval: 0.1)
            let text = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
            if let range = text.range(of: #"http://[0-9.]+:[0-9]+"#, options: .regularExpression) {
                url = URL(string: String(text[range]))
            }
        }
        guard let url else {
            Self.kill(process)
            let said = (try? String(contentsOf: errors, encoding: .utf8)) ?? ""
            throw ServerFailure(message: "ivr serve did not start: \(said)")
        }
        baseURL = url
    }

    public var stderr: String { (try? String(contentsOf: errors, encoding: .utf8)) ?? "" }

    /// SIGTERM, then SIGKILL after `graceSec`; the exit status.
    @discardableResult
    public func stop(graceSec: Double = 40) -> Int32 {
        guard process.isRunning else { return process.terminationStatus }
        process.terminate()
        let deadline = Date().addingTimeInterval(graceSec)
        while process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        crash()
        return process.terminationStatus
    }

    /// kill -9: no shutdown, no flush; whatever was not committed is gone.
    public func crash() { Self.kill(process) }

    private static func kill(_ process: Process) {
        guard process.isRunning else { return }
        Glibc.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    deinit { stop(graceSec: 5) }
}

public struct ServerFailure: Error, CustomStringConvertible {
    public let message: String
    public init(message: String) { self.message = message }
    public var description: String { message }
}
