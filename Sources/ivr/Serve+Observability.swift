import ControlAPI
import LiveCall
import Metrics
import Prometheus

extension Serve {
    /// The live event hub and the metrics, on a Prometheus registry bootstrapped here (the only
    /// place that chooses a metrics backend).
    static func observe(_ engine: CallEngine) -> Observability {
        let registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.valueHistogramBuckets = EngineMetrics.valueBuckets
        factory.durationHistogramBuckets = EngineMetrics.durationBuckets
        MetricsSystem.bootstrap(factory)
        let events = EventHub(endedLogsKept: engine.config.endedCallsKept)
        events.attach(to: engine)
        let metrics = EngineMetrics(factory: factory)
        metrics.attach(to: engine)
        return Observability(events: events, metrics: metrics, exposition: {
            registry.emitToString() + MediaTimingMetrics.exposition(engine)
        })
    }
}
