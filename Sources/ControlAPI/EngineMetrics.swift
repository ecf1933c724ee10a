import CoreMetrics
import LiveCall
import Session

/// The engine's metrics (README "Watching calls"), through whatever swift-metrics backend the
/// executable chose — the factory is injected, never bootstrapped here.
///
/// Calls and their media are counted once, when a call ends, from its final `CallInfo.media`; so
/// the counters always equal the sum over the ended calls' records. Emotion labels and transfers
/// are counted from the events as they happen. Labels are bounded: voice (the catalog's),
/// codec, outcome, emotion label, drop reason — never a call id.
public final class EngineMetrics: Sendable {
    private let factory: any MetricsFactory
    private let activeCalls: Meter
    private let refusedCalls: [RefusalReason: Counter]
    private let transfers: Counter

    /// Prometheus histogram buckets for the metrics recorded as values and durations (the
    /// executable hands them to its backend).
    public static let valueBuckets: [String: [Double]] = [
        "ivr_rtp_jitter_seconds": [0.001, 0.0025, 0.005, 0.01, 0.02, 0.03, 0.05, 0.1, 0.2, 0.5],
    ]
    public static let durationBuckets: [String: [Duration]] = [
        "ivr_hop_processing_p50_seconds": hopBuckets,
        "ivr_hop_processing_p99_seconds": hopBuckets,
    ]
    private static let hopBuckets: [Duration] = [
        .microseconds(50), .microseconds(100), .microseconds(250), .microseconds(500), .milliseconds(1),
        .microseconds(2500), .milliseconds(5), .milliseconds(10), .milliseconds(20),
    ]

    public init(factory: any MetricsFactory) {
        self.factory = factory
        activeCalls = Meter(label: "ivr_calls_active", dimensions: [], factory: factory)
        refusedCalls = Dictionary(uniqueKeysWithValues: RefusalReason.allCases.map {
            ($0, Counter(label: "ivr_calls_refused_total", dimensions: [("reason", $0.rawValue)], factory: factory))
        })
        transfers = Counter(label: "ivr_transfers_total", dimensions: [], factory: factory)
        activeCalls.set(0)
        for counter in refusedCalls.values { counter.increment(by: 0) }
        transfers.increment(by: 0)
    }

    /// Counts the engine's calls and events from now on.
    public func attach(to engine: CallEngine) {
        engine.subscribe(lifecycle: { [weak self] change in
            switch change {
            case .opened: self?.activeCalls.increment()
            case .ended(let info, _): self?.callEnded(info)
            }
        })
        engine.subscribe { [weak self] _, event in self?.count(event) }
    }

    /// A call was refused with 503, and why (max_calls, overload, no_port, shutting_down).
    public func callRefused(reason: RefusalReason) { refusedCalls[reason]?.increment() }

    private func count(_ event: CallEvent) {
        switch event.kind {
        case .callerTurn(_, _, let emotion):
            Counter(label: "ivr_caller_emotion_total", dimensions: [("label", emotion.label.rawValue)], factory: factory).increment()
        case .transfer:
            transfers.increment()
        default:
            break
        }
    }

    private func callEnded(_ info: CallInfo) {
        activeCalls.decrement()
        let call = [("voice", info.voice), ("codec", info.codec)]
        Counter(label: "ivr_calls_total", dimensions: call + [("outcome", info.outcome?.rawValue ?? "unknown")], factory: factory)
            .increment()
        let m = info.media
        let codec = [("codec", info.codec)]
        func add(_ name: String, _ value: Int, _ labels: [(String, String)] = codec) {
            Counter(label: name, dimensions: labels, factory: factory).increment(by: Int64(value))
        }
        add("ivr_rtp_packets_received_total", m.packetsReceived)
        add("ivr_rtp_packets_sent_total", m.packetsSent)
        add("ivr_rtp_packets_lost_total", m.packetsLost)
        add("ivr_rtp_packets_late_total", m.packetsLate)
        add("ivr_rtp_packets_duplicated_total", m.packetsDuplicated)
        add("ivr_concealed_hops_total", m.concealedHops)
        add("ivr_late_output_packets_total", m.lateOutputPackets)
        add("ivr_telephone_events_total", m.telephoneEvents)
        add("ivr_rtp_packets_dropped_total", m.packetsFromOtherSources, codec + [("reason", "foreign_source")])
        add("ivr_rtp_packets_dropped_total", m.packetsMalformed, codec + [("reason", "malformed")])
        add("ivr_rtp_packets_dropped_total", m.packetsUnknownPayloadType, codec + [("reason", "unknown_payload_type")])
        Recorder(label: "ivr_rtp_jitter_seconds", dimensions: codec, aggregate: true, factory: factory).record(m.jitterMs / 1000)
        Timer(label: "ivr_hop_processing_p50_seconds", dimensions: codec, factory: factory)
            .recordNanoseconds(Int64(m.hopProcessingP50Us * 1000))
        Timer(label: "ivr_hop_processing_p99_seconds", dimensions: codec, factory: factory)
            .recordNanoseconds(Int64(m.hopProcessingP99Us * 1000))
    }
}
