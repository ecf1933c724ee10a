import RTP

/// Drives a `JitterBuffer` the way a call session does: packets arrive at their times, and
/// every `tickMs` the player pops until nothing is due. Records what came out.
struct JitterSimulation {
    enum Output: Equatable, CustomStringConvertible {
        case played(seq: UInt16, ts: UInt32, atMs: Double)
        case lost(ts: UInt32, samples: Int, nextTs: UInt32?, atMs: Double)

        var description: String {
            switch self {
            case let .played(seq, ts, at): "play #\(seq) ts \(ts) @\(at)"
            case let .lost(ts, n, next, at): "lost ts \(ts) ×\(n) next \(next.map(String.init) ?? "-") @\(at)"
            }
        }
        var playedSeq: UInt16? { if case let .played(seq, _, _) = self { seq } else { nil } }
        var isLost: Bool { if case .lost = self { true } else { false } }
    }

    struct Arrival {
        var packet: JitterBuffer<Int>.Packet
        var atMs: Double
    }

    var buffer: JitterBuffer<Int>
    var outputs: [Output] = []
    var insertOutcomes: [UInt16: [JitterBuffer<Int>.InsertOutcome]] = [:]
    var maxDelayMsSeen = 0.0

    init(configuration: JitterBufferConfiguration = JitterBufferConfiguration()) {
        buffer = JitterBuffer(configuration: configuration)
    }

    /// A regular stream: `count` packets of `ptimeMs`, sent at their timestamp, arriving after
    /// `transitMs` plus `extraDelayMs(i)`.
    static func stream(count: Int, ptimeMs: Int, clockRateHz: Int = 8000, ssrc: UInt32 = 0x5555,
                       firstSeq: UInt16 = 1000, firstTs: UInt32 = 50_000, startMs: Double = 0, transitMs: Double = 30,
                       extraDelayMs: (Int) -> Double = { _ in 0 }) -> [Arrival] {
        let samples = clockRateHz * ptimeMs / 1000
        return (0..<count).map { i in
            let packet = JitterBuffer<Int>.Packet(sequenceNumber: firstSeq &+ UInt16(truncatingIfNeeded: i),
                                                  timestamp: firstTs &+ UInt32(samples * i), ssrc: ssrc,
                                                  marker: i == 0, durationSamples: samples, payload: i)
            return Arrival(packet: packet, atMs: startMs + Double(i * ptimeMs) + transitMs + extraDelayMs(i))
        }
    }

    mutating func run(_ arrivals: [Arrival], untilMs end: Double, tickMs: Double = 5) {
        let sorted = arrivals.enumerated().sorted { ($0.element.atMs, $0.offset) < ($1.element.atMs, $1.offset) }.map(\.element)
        var next = 0
        var t = 0.0
        while t <= end {
            while next < sorted.count && sorted[next].atMs <= t {
                let a = sorted[next]
                let outcome = buffer.insert(a.packet, arrivalMs: a.atMs)
                insertOutcomes[a.packet.sequenceNumber, default: []].append(outcome)
                next += 1
            }
            loop: while true {
                switch buffer.pop(nowMs: t) {
                case let .packet(p): outputs.append(.played(seq: p.sequenceNumber, ts: p.timestamp, atMs: t))
                case let .lost(ts, n, nextPacket): outputs.append(.lost(ts: ts, samples: n, nextTs: nextPacket?.timestamp, atMs: t))
                case .empty: break loop
                }
            }
            maxDelayMsSeen = max(maxDelayMsSeen, buffer.currentDelayMs)
            t += tickMs
        }
    }

    var playedSequence: [UInt16] { outputs.compactMap(\.playedSeq) }
    /// Concealed frames while the stream was playing (after its last packet played, the
    /// buffer conceals up to `maxConcealmentMs` before it decides the sender stopped).
    var lostCount: Int {
        guard let lastPlayed = outputs.lastIndex(where: { $0.playedSeq != nil }) else { return 0 }
        return outputs[..<lastPlayed].filter(\.isLost).count
    }

    /// Accounting that must hold whatever went in.
    var countersConsistent: Bool {
        let s = buffer.statistics
        return s.received == s.accepted + s.duplicates + s.late + s.overflow + s.discontinuous
            && s.accepted == s.played + s.shrinkDropped + s.flushed + buffer.bufferedPackets
    }
}
