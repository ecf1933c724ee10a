import AudioCore
import Media
import NIOCore
import RTP

/// A call's media on the wire, as a state machine without sockets: datagrams in (source check,
/// RTP parse, RFC 4733 events apart, the rest through the adaptive jitter buffer), the caller's
/// audio out 10 ms at a time at the pipeline rate (decoded, or concealed); the engine's 20 ms
/// frames in, RTP packets out (continuous sequence numbers and timestamps, marker at each talk
/// spurt). Counts what it drops and why.
///
/// Source check (symmetric RTP, like Asterisk's strict RTP): packets must come from the remote's
/// IP address; the first valid packet latches its port, and packets from anywhere else after
/// that are counted and dropped.
struct MediaPath {
    let codec: NegotiatedCodec
    let rate: PipelineRate
    private(set) var statistics = MediaStatistics()

    private let remoteIP: String?
    private var latched: SocketAddress?
    private var jitter: JitterBuffer<[UInt8]>
    private var reception: ReceptionStatistics?
    private var events = TelephoneEventReceiver()
    private var digits: [Character] = []
    private var digitHead = 0
    private let decoder: MediaDecoder
    /// Decodes each newer packet as it arrives, for the fast barge-in path (its own state: the
    /// playout decoder sees the packets in order and concealed, this one as they come).
    private let arrivalDecoder: MediaDecoder
    private var arrivedAudio: [Float]
    private var arrivedCount = 0
    private var newestArrivedSequence: UInt16?
    private let encoder: MediaEncoder
    private var fifo: SampleFIFO
    private var decoded: [Float]
    private var output: RTPOutputStream
    private var payload: [UInt8]
    private var playedFirst = false
    /// The peer's last sender report: its compact NTP time and when it arrived (ms).
    private var lastSenderReport: (UInt32, Double)?
    private var wasTalking = false

    init(codec: NegotiatedCodec, rate: PipelineRate, remote: SocketAddress) throws {
        self.codec = codec
        self.rate = rate
        remoteIP = remote.ipAddress
        var config = JitterBufferConfiguration()
        config.clockRateHz = codec.clockRateHz
        jitter = JitterBuffer(configuration: config)
        decoder = try MediaDecoder(codec: codec.mediaCodec, pipelineRate: rate)
        arrivalDecoder = try MediaDecoder(codec: codec.mediaCodec, pipelineRate: rate)
        arrivedAudio = [Float](repeating: 0, count: arrivalDecoder.maxOutputSamples)
        encoder = try MediaEncoder(codec: codec.mediaCodec, pipelineRate: rate)
        fifo = SampleFIFO(capacity: rate.hz / 2 + decoder.maxOutputSamples)
        decoded = [Float](repeating: 0, count: decoder.maxOutputSamples)
        var generator = SystemRandomNumberGenerator()
        output = RTPOutputStream(payloadType: codec.payloadType, using: &generator)
        payload = [UInt8](repeating: 0, count: max(1500, encoder.maxPayloadBytes))
        digits.reserveCapacity(64)
    }

    // MARK: - In

    mutating func receive(_ bytes: UnsafeRawBufferPointer, from source: SocketAddress, arrivalMs: Double) {
        if let latched {
            guard source == latched else { statistics.packetsFromOtherSources += 1; return }
        } else if source.ipAddress != remoteIP {
            statistics.packetsFromOtherSources += 1
            return
        }
        let packet: RTPPacket
        do { packet = try RTPPacket.parse(bytes) } catch { statistics.packetsMalformed += 1; return }
        let header = packet.header
        let body = packet.payload(in: bytes)
        if header.payloadType == codec.telephoneEventPayloadType {
            guard let event = try? TelephoneEvent.parse(body) else { statistics.packetsMalformed += 1; return }
            latch(source)
            recordReception(header, timestamp: nil, arrivalMs: arrivalMs)  // events share the stream's sequence numbers
            let report = events.receive(header: header, event: event)
            if let key = report.started?.key {
                statistics.telephoneEvents += 1
                digits.append(key)
            }
            return
        }
        guard header.payloadType == codec.payloadType else { statistics.packetsUnknownPayloadType += 1; return }
        guard let ticks = decoder.durationSamples(ofPayload: body) else { statistics.packetsMalformed += 1; return }
        latch(source)
        statistics.packetsReceived += 1
        recordReception(header, timestamp: header.timestamp, arrivalMs: arrivalMs)
        let outcome = jitter.insert(.init(sequenceNumber: header.sequenceNumber, timestamp: header.timestamp, ssrc: header.ssrc,
                                          marker: header.marker, durationSamples: ticks, payload: Array(body)),
                                    arrivalMs: arrivalMs)
        if outcome == .resynchronized, playedFirst { decoder.reset() }  // a new stream: forget the old one's state
        if outcome == .accepted || outcome == .resynchronized { decodeArrival(header, body, newStream: outcome == .resynchronized) }
        updateCounters()
    }

    /// Decodes a packet newer than any before it into `arrivedAudio` (older ones, reordered or
    /// duplicated, were heard already or are gone: the playout path has them).
    private mutating func decodeArrival(_ header: RTPHeader, _ body: UnsafeRawBufferPointer, newStream: Bool) {
        if newStream { arrivalDecoder.reset(); newestArrivedSequence = nil }
        if let newest = newestArrivedSequence {
            let ahead = header.sequenceNumber &- newest
            guard ahead != 0, ahead < 0x8000 else { return }
        }
        newestArrivedSequence = header.sequenceNumber
        arrivedCount = arrivedAudio.withUnsafeMutableBufferPointer { (try? arrivalDecoder.decode(payload: body, into: $0)) ?? 0 }
    }

    /// The audio of the packet that just arrived, if it was newer than all before it (for
    /// `CallSession.callerArrived`); each packet's audio is handed out once.
    mutating func takeArrivedAudio(_ body: (UnsafeBufferPointer<Float>) -> Void) {
        guard arrivedCount > 0 else { return }
        let n = arrivedCount
        arrivedCount = 0
        arrivedAudio.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[0..<n])) }
    }

    private mutating func latch(_ source: SocketAddress) {
        if latched == nil { latched = source }
    }

    private mutating func recordReception(_ header: RTPHeader, timestamp: UInt32?, arrivalMs: Double) {
        if reception?.ssrc != header.ssrc {
            reception = ReceptionStatistics(ssrc: header.ssrc, clockRateHz: codec.clockRateHz,
                                            firstSequenceNumber: header.sequenceNumber)
        }
        reception?.record(sequenceNumber: header.sequenceNumber, timestamp: timestamp, arrivalMs: arrivalMs)
    }

    /// The next key pressed out of band, in order.
    mutating func nextDigit() -> Character? {
        guard digitHead < digits.count else {
            if digitHead > 0 { digits.removeAll(keepingCapacity: true); digitHead = 0 }
            return nil
        }
        defer { digitHead += 1 }
        return digits[digitHead]
    }

    /// Whether the caller's audio has begun to play out (pulls what is due).
    mutating func hasStarted(nowMs: Double) -> Bool {
        if !playedFirst { pull(nowMs: nowMs, want: 1) }
        return playedFirst
    }

    /// 10 ms of the caller's audio for the hop that starts at `nowMs`; false when nothing was
    /// due (before the stream, or a silence the sender did not send).
    mutating func nextCallerHop(nowMs: Double, into hop: UnsafeMutableBufferPointer<Float>) -> Bool {
        pull(nowMs: nowMs, want: hop.count)
        if fifo.read(into: hop) { return true }
        statistics.concealedHops += playedFirst ? 1 : 0
        return false
    }

    private mutating func pull(nowMs: Double, want: Int) {
        while fifo.count < want {
            switch jitter.pop(nowMs: nowMs) {
            case .packet(let p):
                playedFirst = true
                let n = decoded.withUnsafeMutableBufferPointer { out in
                    p.payload.withUnsafeBytes { payload in
                        (try? decoder.decode(payload: payload, into: out))
                            ?? (try? decoder.conceal(durationSamples: p.durationSamples, next: nil, into: out)) ?? 0
                    }
                }
                decoded.withUnsafeBufferPointer { _ = fifo.append(UnsafeBufferPointer(rebasing: $0[0..<n])) }
            case .lost(let timestamp, let ticks, let next):
                // Opus rebuilds the lost frame from the next packet's FEC when it follows directly.
                let follows = next.map { $0.timestamp == timestamp &+ UInt32(truncatingIfNeeded: ticks) } ?? false
                let n = decoded.withUnsafeMutableBufferPointer { out in
                    if follows, let next {
                        return next.payload.withUnsafeBytes { (try? decoder.conceal(durationSamples: ticks, next: $0, into: out)) ?? 0 }
                    }
                    return (try? decoder.conceal(durationSamples: ticks, next: nil, into: out)) ?? 0
                }
                decoded.withUnsafeBufferPointer { _ = fifo.append(UnsafeBufferPointer(rebasing: $0[0..<n])) }
                statistics.concealedHops += max(1, ticks * 100 / codec.clockRateHz)
            case .empty:
                updateCounters()
                return
            }
        }
        updateCounters()
    }

    /// Loss and duplicates as the network made them (the sender's sequence numbers); late: what
    /// the jitter buffer received too late to play.
    private mutating func updateCounters() {
        statistics.packetsLate = jitter.statistics.late
        if let reception {
            statistics.packetsLost = Int(reception.neverReceived)
            statistics.packetsDuplicated = Int(reception.duplicates)
            statistics.jitterMs = reception.jitter * 1000 / Double(codec.clockRateHz)
        }
    }

    // MARK: - RTCP

    /// An RTCP packet arrived on the call's odd port: counted, and the peer's sender report
    /// remembered for the round-trip fields of ours (RFC 3550 §6.4.1: LSR, DLSR).
    mutating func receiveControl(_ bytes: UnsafeRawBufferPointer, from source: SocketAddress, arrivalMs: Double) {
        guard source.ipAddress == remoteIP else { statistics.packetsFromOtherSources += 1; return }
        guard let packets = try? RTCPPacket.parseCompound(bytes) else { statistics.rtcpMalformed += 1; return }
        statistics.rtcpReceived += 1
        for case .senderReport(_, let sender, _) in packets {
            lastSenderReport = (sender.compactNTP, arrivalMs)
        }
    }

    /// Our compound RTCP report (RFC 3550 §6.4): a sender report (we send audio) with a reception
    /// block for the caller's stream when there is one, and the SDES CNAME.
    mutating func controlReport(nowMs: Double, wallClock: Double, cname: String) -> [UInt8] {
        var blocks: [RTCPReportBlock] = []
        if var r = reception {
            let (lsr, sinceMs) = lastSenderReport.map { ($0.0, nowMs - $0.1) } ?? (0, 0)
            blocks.append(r.makeReportBlock(lastSenderReport: lsr,
                                            delaySinceLastSenderReport: lsr == 0 ? 0 : UInt32(max(0, sinceMs) * 65.536)))
            reception = r
        }
        let seconds = wallClock + 2_208_988_800  // NTP epoch (1900)
        let ntp = UInt64(seconds) << 32 | UInt64((seconds - seconds.rounded(.down)) * 4_294_967_296)
        let sender = RTCPSenderInfo(ntpTimestamp: ntp, rtpTimestamp: output.timestamp, packetCount: output.packetCount,
                                    octetCount: output.octetCount)
        statistics.rtcpSent += 1
        return RTCPPacket.buildCompound(ssrc: output.ssrc, sender: sender, reports: blocks, cname: cname)
    }

    // MARK: - Out

    /// The RFC 4733 packets of a key press in progress, for this 20 ms frame, handed to `send`
    /// one by one; the frame's audio is then not sent (the timestamp moves on). False when no
    /// press is in progress.
    mutating func sendEventPackets(_ sender: inout TelephoneEventSender, send: (UnsafeRawBufferPointer) -> Void) -> Bool {
        guard sender.isActive else { return false }
        var bytes = [UInt8](repeating: 0, count: RTPPacket.byteCount(payloadBytes: TelephoneEvent.byteCount))
        for p in sender.nextPackets() {
            let header = output.nextEventHeader(payloadType: codec.telephoneEventPayloadType, marker: p.marker, timestamp: p.timestamp)
            var body = [UInt8](repeating: 0, count: TelephoneEvent.byteCount)
            guard let n = try? body.withUnsafeMutableBytes({ try p.event.write(into: $0) }),
                  let written = try? bytes.withUnsafeMutableBytes({ out in
                      try body.withUnsafeBytes { try RTPPacket.write(header: header, payload: UnsafeRawBufferPointer(rebasing: $0[0..<n]), into: out) }
                  }) else { continue }
            bytes.withUnsafeBytes { send(UnsafeRawBufferPointer(rebasing: $0[0..<written])) }
            statistics.packetsSent += 1
        }
        output.skip(samples: encoder.timestampIncrement)
        wasTalking = false
        return true
    }

    /// The RTP timestamp the next audio sample will carry (a key press starts there).
    var nextTimestamp: UInt32 { output.timestamp }

    /// One RTP packet of the engine's 20 ms `frame` into `packet`; returns its length (0: nothing
    /// to send). `lateMs`: how late the frame's tick ran.
    mutating func packetize(_ frame: UnsafeBufferPointer<Float>, talking: Bool, into packet: inout [UInt8],
                            lateMs: Double) -> Int {
        if lateMs > MediaClock.frameMs { statistics.lateOutputPackets += 1 }
        let bytes = payload.withUnsafeMutableBytes { (try? encoder.encode(frame, into: $0)) ?? 0 }
        guard bytes > 0 else { output.skip(samples: encoder.timestampIncrement); return 0 }
        if talking && !wasTalking { output.skip(samples: 0) }  // a talk spurt starts: marker bit
        wasTalking = talking
        let header = output.nextAudioHeader(samples: encoder.timestampIncrement, payloadBytes: bytes)
        let size = RTPPacket.byteCount(payloadBytes: bytes)
        if packet.count < size { packet = [UInt8](repeating: 0, count: size) }
        let written = packet.withUnsafeMutableBytes { out in
            payload.withUnsafeBytes { src in
                (try? RTPPacket.write(header: header, payload: UnsafeRawBufferPointer(rebasing: src[0..<bytes]), into: out)) ?? 0
            }
        }
        if written > 0 { statistics.packetsSent += 1 }
        return written
    }
}
