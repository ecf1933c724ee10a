import ControlAPI
import ServiceLifecycle

/// Ends the live event streams when the server shuts down gracefully. Listed between the HTTP
/// server and `EngineShutdown`, so it runs after the calls have ended (their streams end with
/// their `hangup`) and before the server waits for its open requests — an all-calls stream never
/// ends by itself.
struct EventStreamsShutdown: Service {
    let events: EventHub

    func run() async throws {
        try? await gracefulShutdown()
        events.close()
    }
}
