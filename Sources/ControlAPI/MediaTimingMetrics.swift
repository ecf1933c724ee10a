import Foundation
import LiveCall

/// The media path's live figures in the Prometheus text format, served after the swift-metrics
/// registry's (README "Watching calls"): each stage's processing time per hop, how late the media
/// clock ticks run, and whether the engine is refusing calls as overloaded.
///
/// Written here rather than through swift-metrics: the hop records into lock-free atomic buckets
/// (`MediaTimings`), and a swift-metrics timer records one value at a time into the backend's
/// histogram behind its lock — a lock per hop on the media path. The bucket edges are multiples
/// of `MediaTimings`' bucket widths, so every count is exact.
public enum MediaTimingMetrics {
    public static let stageBucketsSeconds: [Double] = [
        0.00001, 0.000025, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.02,
    ]
    public static let latenessBucketsSeconds: [Double] = [0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1]

    public static func exposition(_ engine: CallEngine) -> String {
        exposition(timings: engine.timings, overloaded: engine.overloadReason != nil)
    }

    public static func exposition(timings: MediaTimings, overloaded: Bool) -> String {
        var out = """
            # HELP ivr_stage_processing_seconds Processing time of a media stage: decode (jitter buffer pull and \
            decode, per 10 ms hop), session (listener, dialogue, player, per 10 ms hop), encode_send (per 20 ms packet).
            # TYPE ivr_stage_processing_seconds histogram

            """
        for stage in MediaStage.allCases {
            for codec in NegotiatedCodec.Kind.allCases {
                histogram(&out, "ivr_stage_processing_seconds", labels: "stage=\"\(stage.rawValue)\",codec=\"\(codec.rawValue)\"",
                          timings.snapshot(stage, codec: codec), buckets: stageBucketsSeconds)
            }
        }
        out += """
            # HELP ivr_media_tick_lateness_seconds How long after its due time each 20 ms media clock tick started.
            # TYPE ivr_media_tick_lateness_seconds histogram

            """
        histogram(&out, "ivr_media_tick_lateness_seconds", labels: nil, timings.tickLateness.snapshot(),
                  buckets: latenessBucketsSeconds)
        out += """
            # HELP ivr_overloaded 1 while the engine refuses new calls because its media clock ticks run late.
            # TYPE ivr_overloaded gauge
            ivr_overloaded \(overloaded ? 1 : 0)

            """
        return out
    }

    private static func histogram(_ out: inout String, _ name: String, labels: String?, _ h: LatencyHistogram,
                                  buckets: [Double]) {
        let prefix = labels.map { "\($0)," } ?? ""
        for le in buckets {
            out += "\(name)_bucket{\(prefix)le=\"\(decimal(le))\"} \(h.count(atMostMicros: le * 1_000_000))\n"
        }
        out += "\(name)_bucket{\(prefix)le=\"+Inf\"} \(h.count)\n"
        let braced = labels.map { "{\($0)}" } ?? ""
        out += "\(name)_sum\(braced) \(decimal(h.sumMicros / 1_000_000))\n"
        out += "\(name)_count\(braced) \(h.count)\n"
    }

    /// Plain decimals (0.00001, not 1e-05), µs precision.
    private static func decimal(_ x: Double) -> String {
        var s = String(format: "%.6f", x)
        while s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
        return s
    }
}
