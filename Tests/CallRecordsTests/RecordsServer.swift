import Foundation
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// `ivr serve` on loopback with a records store of the test's choosing, that the test can kill
/// with SIGKILL (a crash) and start again on the same store. A trimmed copy of LiveCallTests'
/// ServerProcess, so the two suites change independently.
final class RecordsServer {
    let process = Process()
    let token = "records-token-\(UUID().uuidString.prefix(8))"
    let baseURL: URL
    private let output: URL
    private let errors: URL

    init(records: String, rtpPorts: ClosedRange<Int>, root: URL, startTimeoutSec: Double = 180) throws {
        let dir = try Paths.temporaryDirectory("records-serve")
        output = dir.appendingPathComponent("stdout.log")
        errors = dir.appendingPathComponent("stderr.log")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
        process.executableURL = IVRExecutable.url
        process.currentDirectoryURL = dir
        process.arguments = ["serve", "--http-port", "0", "--token", token, "--rtp-ports", "\(rtpPorts.lowerBound)-\(rtpPorts.upperBound)",
                             "--log-level", "warning", "--shutdown-deadline", "1", "--root", root.path, "--records", records]
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
            if process.isRunning { kill(process.processIdentifier, SIGKILL); process.waitUntilExit() }
            throw RecordsTestFailure("ivr serve did not start: \((try? String(contentsOf: errors, encoding: .utf8)) ?? "")")
        }
        baseURL = url
    }

    var stderr: String { (try? String(contentsOf: errors, encoding: .utf8)) ?? "" }

    /// kill -9: no shutdown, no flush; whatever was not committed is gone.
    func crash() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// SIGTERM, then SIGKILL after `graceSec`.
    func stop(graceSec: Double = 20) {
        guard process.isRunning else { return }
        process.terminate()
        let deadline = Date().addingTimeInterval(graceSec)
        while process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        crash()
    }

    deinit { crash() }
}

struct RecordsTestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A UDP socket on 127.0.0.1 that takes the engine's audio and never answers.
final class UDPSink {
    let fd: Int32
    let port: Int

    init() throws {
        let fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard fd >= 0, bound else { throw RecordsTestFailure("cannot bind a UDP socket on 127.0.0.1") }
        self.fd = fd
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    deinit { close(fd) }
}
