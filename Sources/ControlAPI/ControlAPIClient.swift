import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import LiveCall

/// A client of the control API (`ivr call`, tests): JSON in and out, the bearer token on every
/// request, the server's error message in the thrown error.
public struct ControlAPIClient: Sendable {
    public let baseURL: URL
    public let token: String

    public init(baseURL: URL, token: String) {
        self.baseURL = baseURL
        self.token = token
    }

    public struct Failure: Error, CustomStringConvertible {
        public let status: Int
        public let message: String
        public var description: String { "the control API answered \(status): \(message)" }
    }

    /// The server could not be reached at all.
    public struct Unreachable: Error, CustomStringConvertible {
        public let url: URL
        public let reason: String
        public var description: String { "cannot reach the control API at \(url.absoluteString): \(reason); is `ivr serve` running there?" }
    }

    private static func describe(_ error: URLError) -> String {
        switch error.code {
        case .cannotConnectToHost: return "connection refused"
        case .timedOut: return "no answer within 30 s"
        case .cannotFindHost: return "unknown host"
        default: return "network error \(error.code.rawValue)"
        }
    }

    public func open(_ request: OpenCallRequest) async throws -> CallView {
        try await send("POST", "v1/calls", body: try JSONEncoder().encode(request))
    }

    public func call(_ id: String) async throws -> CallView { try await send("GET", "v1/calls/\(id)") }

    public func end(_ id: String) async throws -> CallView { try await send("DELETE", "v1/calls/\(id)") }

    /// What a request says about who sends it.
    public enum Authorization: Sendable {
        case configured, none, bearer(String)
    }

    /// Any request; the raw status and body (for tests of errors and auth).
    public func raw(_ method: String, _ path: String, body: Data? = nil,
                    authorization: Authorization = .configured) async throws -> (Int, Data) {
        var request = URLRequest(url: baseURL.appendingPathComponent(path))
        request.httpMethod = method
        request.httpBody = body
        request.timeoutInterval = 30
        if body != nil { request.setValue("application/json", forHTTPHeaderField: "Content-Type") }
        switch authorization {
        case .configured: request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        case .bearer(let other): request.setValue("Bearer \(other)", forHTTPHeaderField: "Authorization")
        case .none: break
        }
        do {
            let (data, response) = try await URLSession.shared.data(for: request)
            return ((response as? HTTPURLResponse)?.statusCode ?? 0, data)
        } catch {
            throw Unreachable(url: baseURL, reason: (error as? URLError).map { Self.describe($0) } ?? "\(error)")
        }
    }

    private func send<T: Decodable>(_ method: String, _ path: String, body: Data? = nil) async throws -> T {
        let (status, data) = try await raw(method, path, body: body)
        guard (200..<300).contains(status) else {
            let message = (try? JSONDecoder().decode(ErrorBody.self, from: data))?.error.message
                ?? String(decoding: data.prefix(500), as: UTF8.self)
            throw Failure(status: status, message: message)
        }
        return try JSONDecoder().decode(T.self, from: data)
    }

    private struct ErrorBody: Decodable {
        struct Inner: Decodable { var message: String }
        var error: Inner
    }
}
