import ControlAPI
import Foundation
import Session
import Testing

/// The event hub without sockets: the hand-over from backlog to live events, the end of a call's
/// streams, and the bounds on memory.
@Suite struct EventHubTests {
    static func event(_ n: Int) -> CallEvent { CallEvent(t: Double(n), .noInput(state: "menu", count: n)) }

    /// Subscribers joining while another thread publishes get every event from the start once,
    /// in order: none lost between backlog and live, none doubled.
    @Test func subscribersJoiningDuringPublishingMissNothingAndGetNothingTwice() async throws {
        let total = 2000
        let hub = EventHub(subscriberBufferEvents: total + 1)  // the streams are read once publishing is over
        hub.open(callID: "c")
        let publisher = Thread {
            for n in 0..<total { hub.publish(callID: "c", Self.event(n)) }
            hub.publish(callID: "c", CallEvent(t: Double(total), .hangup(outcome: .completed, reason: "done")))
        }
        publisher.start()
        var streams: [AsyncStream<EventHub.Entry>] = []
        for _ in 0..<20 {
            streams.append(try #require(hub.events(callID: "c")))
            try await Task.sleep(nanoseconds: 100_000)
        }
        for stream in streams {
            var sequences: [Int] = []
            for await entry in stream { sequences.append(entry.sequence) }
            #expect(sequences == Array(0...total))
        }
    }

    @Test func aStreamFromASequenceNumberStartsThere() async throws {
        let hub = EventHub()
        for n in 0..<5 { hub.publish(callID: "c", Self.event(n)) }
        hub.end(callID: "c")
        var got: [Int] = []
        for await entry in try #require(hub.events(callID: "c", from: 3)) { got.append(entry.sequence) }
        #expect(got == [3, 4])
        #expect(hub.events(callID: "unknown") == nil)
    }

    @Test func onlyTheLastEndedCallsAreKept() {
        let hub = EventHub(endedLogsKept: 3)
        for c in 0..<10 {
            hub.publish(callID: "c\(c)", Self.event(0))
            hub.publish(callID: "c\(c)", CallEvent(t: 1, .hangup(outcome: .callerHungUp, reason: "bye")))
        }
        hub.open(callID: "live")
        #expect(hub.logCount == 4)
        #expect(hub.events(callID: "c6") == nil && hub.events(callID: "c7") != nil)
    }

    /// A client that does not read is cut off once its buffer is full; publishing goes on.
    @Test func aSubscriberThatDoesNotReadIsCutOff() async throws {
        let hub = EventHub(subscriberBufferEvents: 16)
        hub.open(callID: "c")
        let stream = try #require(hub.events(callID: "c"))
        for n in 0..<100 { hub.publish(callID: "c", Self.event(n)) }
        var got = 0
        for await _ in stream { got += 1 }
        #expect(got == 16)
        var later = 0
        for await _ in try #require(hub.events(callID: "c", from: 90)) { later += 1; if later == 10 { break } }
        #expect(later == 10)
    }

    @Test func theAllCallsStreamCarriesEachCallsEvents() async throws {
        let hub = EventHub()
        let stream = hub.allEvents()
        hub.publish(callID: "a", Self.event(0))
        hub.publish(callID: "b", Self.event(0))
        hub.publish(callID: "a", Self.event(1))
        var got: [String] = []
        for await entry in stream {
            got.append("\(entry.callID)\(entry.sequence)")
            if got.count == 3 { break }
        }
        #expect(got == ["a0", "b0", "a1"])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let message = try ServerSentEvent.message(EventHub.Entry(callID: "a", sequence: 7, event: Self.event(1)), withCallID: true, encoder: encoder)
        #expect(message == #"id: 7"# + "\n" + #"data: {"call":"a","count":1,"state":"menu","t":1,"type":"noInput"}"# + "\n\n")
    }

    @Test func closingEndsEveryStreamAndTheOnesOpenedAfter() async throws {
        let hub = EventHub()
        hub.publish(callID: "c", Self.event(0))
        let all = hub.allEvents(), one = try #require(hub.events(callID: "c"))
        hub.close()
        var count = 0
        for await _ in all { count += 1 }
        for await _ in one { count += 1 }
        for await _ in hub.allEvents() { count += 1 }
        #expect(count == 1)  // the call's backlog
    }
}
