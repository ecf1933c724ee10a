import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Session

/// Reads a call's live event stream (`GET /v1/calls/{id}/events`) as call events, as they come:
/// `ivr call` prints its transcript from it. URLSession's data delegate hands the body over in
/// pieces; `ServerSentEventParser` makes messages of them.
public final class EventStreamClient: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    private let continuation: AsyncThrowingStream<CallEvent, any Error>.Continuation
    private var parser = ServerSentEventParser()  // touched only on the session's serial delegate queue
    private var status = 0
    private var session: URLSession?

    /// The events of call `id`, from its first; the stream ends after the call's hangup.
    public static func events(of id: String, api: ControlAPIClient) -> AsyncThrowingStream<CallEvent, any Error> {
        let (stream, continuation) = AsyncThrowingStream.makeStream(of: CallEvent.self)
        let client = EventStreamClient(continuation: continuation)
        var request = URLRequest(url: api.baseURL.appendingPathComponent("v1/calls/\(id)/events"))
        request.setValue("Bearer \(api.token)", forHTTPHeaderField: "Authorization")
        request.setValue("text/event-stream", forHTTPHeaderField: "Accept")
        request.timeoutInterval = 3600
        let queue = OperationQueue()
        queue.maxConcurrentOperationCount = 1
        let session = URLSession(configuration: .default, delegate: client, delegateQueue: queue)
        client.session = session
        let task = session.dataTask(with: request)
        continuation.onTermination = { _ in task.cancel() }
        task.resume()
        return stream
    }

    private init(continuation: AsyncThrowingStream<CallEvent, any Error>.Continuation) {
        self.continuation = continuation
    }

    public func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
                           completionHandler: @escaping (URLSession.ResponseDisposition) -> Void) {
        status = (response as? HTTPURLResponse)?.statusCode ?? 0
        completionHandler(.allow)
    }

    public func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        guard status == 200 else { return }
        for message in parser.consume(data) {
            do {
                continuation.yield(try JSONDecoder().decode(CallEvent.self, from: Data(message.data.utf8)))
            } catch {
                continuation.finish(throwing: error)
            }
        }
    }

    public func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
        if let error {
            continuation.finish(throwing: error)
        } else if status != 200 {
            continuation.finish(throwing: ControlAPIClient.Failure(status: status, message: "the event stream was refused"))
        } else {
            continuation.finish()
        }
        session.finishTasksAndInvalidate()
        self.session = nil
    }
}
