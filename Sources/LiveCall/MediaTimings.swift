/// A stage of a live call's media path, timed on every hop of every call (README "Watching
/// calls": `ivr_stage_processing_seconds`).
public enum MediaStage: String, CaseIterable, Sendable {
    /// The jitter buffer's pull and the decoding (or concealment) of 10 ms of the caller's audio.
    case decode
    /// The call session's 10 ms hop: listener (front end, pitch, turn-taking, emotion), dialogue,
    /// prompt player.
    case session
    /// Encoding the engine's 20 ms frame, writing its RTP packet and handing it to the socket.
    case encodeSend = "encode_send"

    var index: Int {
        switch self {
        case .decode: 0
        case .session: 1
        case .encodeSend: 2
        }
    }
}

/// The engine's media timings, shared by every event loop: each stage's processing time per
/// codec (5 µs buckets up to 20 ms) and how late each media clock tick ran (0.1 ms buckets up to
/// 1 s). Recording is three relaxed atomic adds — no lock, no allocation on the media path.
/// Labels are bounded: stage × codec, never a call.
public final class MediaTimings: Sendable {
    private let stages: [AtomicLatencyHistogram]
    /// PCMU, PCMA, L16, opus (a constant: `allCases` may build an array on each use).
    private static let codecs = 4
    /// How long after its due time each 20 ms media clock tick started.
    public let tickLateness = AtomicLatencyHistogram(bucketMicros: 100, rangeMicros: 1_000_000)

    public init() {
        stages = (0..<(MediaStage.allCases.count * Self.codecs)).map { _ in
            AtomicLatencyHistogram(bucketMicros: 5, rangeMicros: 20_000)
        }
    }

    /// One stage's time, from `startNs` to `endNs` on the monotonic clock.
    @inline(__always)
    public func record(_ stage: MediaStage, codec: NegotiatedCodec.Kind, from startNs: UInt64, to endNs: UInt64) {
        stages[stage.index * Self.codecs + Self.index(codec)]
            .record(nanoseconds: endNs &- startNs)
    }

    /// The stage's times on calls with `codec` so far.
    public func snapshot(_ stage: MediaStage, codec: NegotiatedCodec.Kind) -> LatencyHistogram {
        stages[stage.index * Self.codecs + Self.index(codec)].snapshot()
    }

    /// The stage's times on every call so far.
    public func snapshot(_ stage: MediaStage) -> LatencyHistogram {
        var all = snapshot(stage, codec: .pcmu)
        for codec in NegotiatedCodec.Kind.allCases where codec != .pcmu { all.merge(snapshot(stage, codec: codec)) }
        return all
    }

    private static func index(_ codec: NegotiatedCodec.Kind) -> Int {
        switch codec {
        case .pcmu: 0
        case .pcma: 1
        case .l16: 2
        case .opus: 3
        }
    }
}
