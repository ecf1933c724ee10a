import Foundation
import TestSupport

/// `ivr serve` run as a user runs it, on loopback, for one test: started with a token and a port
/// range of its own, stopped with SIGTERM (and killed if it does not stop).
final class ServerProcess {
    let process = Process()
    let token: String
    let baseURL: URL
    private let output: URL
    private let errors: URL

    /// A root with only the claims brand (voices/claims-24x7.yaml and prompts/claims): the server
    /// renders one brand's lines at start instead of all three.
    static func claimsOnlyRoot() throws -> URL {
        let root = try Paths.temporaryDirectory("claims-root")
        let fm = FileManager.default
        try fm.createDirectory(at: root.appendingPathComponent("voices"), withIntermediateDirectories: true)
        try fm.createDirectory(at: root.appendingPathComponent("prompts"), withIntermediateDirectories: true)
        try fm.copyItem(at: Paths.repoRoot.appendingPathComponent("voices/claims-24x7.yaml"),
                        to: root.appendingPathComponent("voices/claims-24x7.yaml"))
        try fm.copyItem(at: Paths.repoRoot.appendingPathComponent("prompts/claims"), to: root.appendingPathComponent("prompts/claims"))
        return root
    }

    /// Starts the server and waits (bounded) until it prints its control API address.
    init(rtpPorts: ClosedRange<Int>, extra: [String] = [], token: String = "test-token-\(UUID().uuidString.prefix(8))",
         startTimeoutSec: Double = 180) throws {
        self.token = token
        let dir = try Paths.temporaryDirectory("serve")
        output = dir.appendingPathComponent("stdout.log")
        errors = dir.appendingPathComponent("stderr.log")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
        process.executableURL = IVRExecutable.url
        process.currentDirectoryURL = Paths.repoRoot
        process.arguments = ["serve", "--http-port", "0", "--token", token,
                             "--rtp-ports", "\(rtpPorts.lowerBound)-\(rtpPorts.upperBound)", "--log-level", "warning", "--shutdown-deadline", "2",
                             "--root", try Self.claimsOnlyRoot().path,
                             "--records", dir.appendingPathComponent("records.sqlite").path] + extra
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
            if process.isRunning { process.terminate() }
            let said = (try? String(contentsOf: errors, encoding: .utf8)) ?? ""
            throw ServerFailure(message: "ivr serve did not start: \(said)")
        }
        baseURL = url
    }

    var stderr: String { (try? String(contentsOf: errors, encoding: .utf8)) ?? "" }

    /// SIGTERM, then SIGKILL after `graceSec`; the exit status.
    @discardableResult
    func stop(graceSec: Double = 40) -> Int32 {
        guard process.isRunning else { return process.terminationStatus }
        process.terminate()
        let deadline = Date().addingTimeInterval(graceSec)
        while process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL); process.waitUntilExit() }
        return process.terminationStatus
    }

    deinit { stop(graceSec: 5) }
}

struct ServerFailure: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
