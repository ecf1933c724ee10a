import Foundation
import Hummingbird
import LiveCall
import Session

/// The live event streams (server-sent events, `text/event-stream`):
///
///     GET /v1/calls/{id}/events   one call: its events so far, then live ones; ends after `hangup`
///     GET /v1/events              every call's events from now on, each with `"call": id`
///
/// Each event is one message: `id:` its sequence number in the call's log, `data:` the same flat
/// JSON as the call's record and replay (sorted keys). A client that reconnects with
/// `Last-Event-ID: N` gets the call's events from N + 1 on.
extension ControlAPI {
    static func addEventStreams(to v1: RouterGroup<BasicRequestContext>, engine: CallEngine, hub: EventHub) {
        v1.get("calls/:id/events") { request, context -> Response in
            let lastEventID = request.headers.first { $0.name.canonicalName == "last-event-id" }?.value
            let from = lastEventID.flatMap { Int($0) }.map { $0 + 1 } ?? 0
            let (id, events) = try await lookUpCall(context) { await stream(of: $0, from: from, engine: engine, hub: hub) }
            return eventStream(comment: "call \(id)", events, withCallID: false)
        }
        v1.get("events") { _, _ -> Response in
            eventStream(comment: "all calls", hub.allEvents(), withCallID: true)
        }
    }

    /// The hub's stream; for a call the hub holds no log of, one made from the engine's record.
    private static func stream(of id: String, from: Int, engine: CallEngine, hub: EventHub) async -> AsyncStream<EventHub.Entry>? {
        if let stream = hub.events(callID: id, from: from) { return stream }
        guard let (info, record) = await engine.call(id) else { return nil }
        if info.state == "active" {
            hub.open(callID: id)
            return hub.events(callID: id, from: from)
        }
        let (stream, continuation) = AsyncStream.makeStream(of: EventHub.Entry.self)
        for (n, event) in record.events.enumerated() where n >= from {
            continuation.yield(EventHub.Entry(callID: id, sequence: n, event: event))
        }
        continuation.finish()
        return stream
    }

    private static func eventStream(comment: String, _ stream: AsyncStream<EventHub.Entry>, withCallID: Bool) -> Response {
        Response(
            status: .ok,
            headers: [.contentType: "text/event-stream", .cacheControl: "no-cache"],
            body: ResponseBody { writer in
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
                // A comment first: the client knows it is connected before the first event.
                try await writer.write(ByteBuffer(string: ": \(comment)\n\n"))
                for await entry in stream {
                    try await writer.write(ByteBuffer(string: try ServerSentEvent.message(entry, withCallID: withCallID, encoder: encoder)))
                }
                try await writer.finish(nil)
            })
    }
}

/// One call event as a server-sent event message.
public enum ServerSentEvent {
    public static func message(_ entry: EventHub.Entry, withCallID: Bool, encoder: JSONEncoder) throws -> String {
        let data = withCallID ? try encoder.encode(CallEventOfCall(call: entry.callID, event: entry.event))
                              : try encoder.encode(entry.event)
        return "id: \(entry.sequence)\ndata: \(String(decoding: data, as: UTF8.self))\n\n"
    }
}

/// A call event with its call's id beside its fields (the all-calls stream).
public struct CallEventOfCall: Codable, Sendable, Equatable {
    public var call: String
    public var event: CallEvent

    public init(call: String, event: CallEvent) {
        self.call = call
        self.event = event
    }

    public func encode(to encoder: Encoder) throws {
        try event.encode(to: encoder)
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(call, forKey: .call)
    }

    public init(from decoder: Decoder) throws {
        event = try CallEvent(from: decoder)
        call = try decoder.container(keyedBy: Key.self).decode(String.self, forKey: .call)
    }

    private enum Key: String, CodingKey { case call }
}
