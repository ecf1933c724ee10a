import Foundation
import TestSupport

/// A live event stream read by curl (a client that is not ours): the messages it got, parsed
/// strictly as server-sent events, once the server ended the stream.
final class EventStreamReader {
    struct Message: Equatable {
        var id: String
        var data: String
    }

    private let process = Process()
    private let body: URL
    private let head: URL

    init(_ url: URL, token: String) throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sse-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        body = dir.appendingPathComponent("body")
        head = dir.appendingPathComponent("head")
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["curl", "-sN", "--max-time", "60", "-H", "Authorization: Bearer \(token)",
                             "-D", head.path, "-o", body.path, url.absoluteString]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
    }

    /// Waits (bounded) until something arrived: the server answered and the stream is open.
    func waitUntilConnected(timeoutSec: Double = 10) async -> Bool {
        let deadline = Date().addingTimeInterval(timeoutSec)
        while Date() < deadline {
            if let data = try? Data(contentsOf: body), !data.isEmpty { return true }
            try? await Task.sleep(nanoseconds: 20_000_000)
        }
        return false
    }

    /// Waits for the stream to end (at most `timeoutSec`); its content type and messages.
    func finish(timeoutSec: Double) async throws -> (contentType: String, messages: [Message]) {
        let deadline = Date().addingTimeInterval(timeoutSec)
        while process.isRunning, Date() < deadline { try await Task.sleep(nanoseconds: 50_000_000) }
        if process.isRunning {
            process.terminate()
            throw ServerFailure(message: "the event stream did not end within \(timeoutSec) s")
        }
        let headers = (try? String(contentsOf: head, encoding: .utf8)) ?? ""
        let contentType = headers.split(separator: "\r\n").first { $0.lowercased().hasPrefix("content-type:") }
            .map { $0.dropFirst("content-type:".count).trimmingCharacters(in: .whitespaces) } ?? ""
        return (contentType, try Self.parse(String(decoding: try Data(contentsOf: body), as: UTF8.self)))
    }

    /// Messages are separated by a blank line; each is `id:` then `data:` (one line each);
    /// comment blocks (`: …`) are skipped; anything else is an error.
    static func parse(_ text: String) throws -> [Message] {
        guard text.hasSuffix("\n\n") else { throw ServerFailure(message: "the stream does not end with a whole message: \(text.suffix(200))") }
        var messages: [Message] = []
        for block in text.dropLast(2).components(separatedBy: "\n\n") {
            let lines = block.split(separator: "\n", omittingEmptySubsequences: false)
            if lines.allSatisfy({ $0.hasPrefix(":") }) { continue }
            guard lines.count == 2, lines[0].hasPrefix("id: "), lines[1].hasPrefix("data: ") else {
                throw ServerFailure(message: "not an id + data message: \(block)")
            }
            messages.append(Message(id: String(lines[0].dropFirst(4)), data: String(lines[1].dropFirst(6))))
        }
        return messages
    }

    deinit { if process.isRunning { process.terminate() } }
}
