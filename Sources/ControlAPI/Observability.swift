/// What `ivr serve` offers for watching calls (README "Watching calls"): the live event streams
/// and the metrics, with the text `GET /metrics` serves (the executable's backend renders it).
public struct Observability: Sendable {
    public var events: EventHub
    public var metrics: EngineMetrics
    /// The metrics in the Prometheus text format (0.0.4).
    public var exposition: @Sendable () -> String

    public init(events: EventHub, metrics: EngineMetrics, exposition: @escaping @Sendable () -> String) {
        self.events = events
        self.metrics = metrics
        self.exposition = exposition
    }
}
