import Analysis
import AudioCore
import Dialogue
import Foundation
import Logging
import NIOCore
import Session

/// One call on the wire: datagrams in, a `CallSession` driven every 20 ms by its event loop's
/// `MediaClock`, paced RTP out. Confined to `loop` (the call's UDP channel's event loop): every
/// method below runs there, so the call needs no lock and no actor hop per frame.
///
/// Timeline: the session's clock starts when the first caller packet is played out of the jitter
/// buffer (so the caller's audio lines up with a replay of the same recording), or after
/// `mediaStartTimeoutMs` without media; the engine sends nothing before. Each tick takes 20 ms
/// of caller audio (decoded, or concealed), runs two 10 ms session hops, and sends one 20 ms
/// packet of the engine's audio.
final class LiveCall: @unchecked Sendable {
    let id: String
    let voice: VoiceCatalog.Voice
    let loop: any EventLoop
    let localPort: Int
    let createdAtMs: Double
    var callerID: String?
    var sdpAnswer: String?

    private(set) var session: CallSession
    private var media: MediaPath
    private let renderer: PromptRenderWorker
    private var channel: (any Channel)?
    /// The RTCP socket (the port above the RTP one).
    private var controlChannel: (any Channel)?
    private var ticks = 0
    private let remote: SocketAddress
    private var actions: [CallAction] = []
    private var callerHop: [Float]
    private var engineFrame: [Float]
    private var packet: [UInt8] = []
    private var started = false
    private(set) var ended = false
    /// How long each 10 ms session hop took to process (listener, dialogue, player).
    private(set) var hopTimes = LatencyHistogram()
    private let mediaStartTimeoutMs: Double
    private var logger: Logger
    /// Every event, as it happens (the live event stream and the records store subscribe).
    private let onEvent: @Sendable (String, CallEvent) -> Void

    init(id: String, voice: VoiceCatalog.Voice, codec: NegotiatedCodec, rate: PipelineRate, listener: ListenerConfig,
         loop: any EventLoop, localPort: Int, remote: SocketAddress, nowMs: Double, mediaStartTimeoutMs: Double,
         renderer: PromptRenderWorker, logger: Logger, onEvent: @escaping @Sendable (String, CallEvent) -> Void) throws {
        self.id = id
        self.voice = voice
        self.loop = loop
        self.localPort = localPort
        self.remote = remote
        self.createdAtMs = nowMs
        self.mediaStartTimeoutMs = mediaStartTimeoutMs
        self.renderer = renderer
        self.onEvent = onEvent
        var logger = logger
        logger[metadataKey: "call.id"] = "\(id)"
        self.logger = logger
        session = try CallSession(brand: voice.brand, rate: rate, listener: listener, prompts: voice.prompts)
        media = try MediaPath(codec: codec, rate: rate, remote: remote)
        callerHop = [Float](repeating: 0, count: rate.hopSamples)
        engineFrame = [Float](repeating: 0, count: 2 * rate.hopSamples)
        actions.reserveCapacity(32)
        packet.reserveCapacity(1500)
    }

    func attach(_ channel: any Channel, control: (any Channel)?) {
        self.channel = channel
        controlChannel = control
    }

    /// RFC 3550 §6.2: a report every 5 s at most (250 ticks of 20 ms).
    static let reportIntervalTicks = 250

    var statistics: MediaStatistics {
        var s = media.statistics
        s.hopProcessingP50Us = hopTimes.percentile(0.5)
        s.hopProcessingP99Us = hopTimes.percentile(0.99)
        s.hopProcessingMaxUs = (hopTimes.maxMicros * 10).rounded() / 10
        return s
    }
    var codec: NegotiatedCodec { media.codec }
    var remoteAddress: RTPAddress { RTPAddress(address: remote.ipAddress ?? "?", port: remote.port ?? 0) }

    // MARK: - Inbound

    /// A datagram arrived on the call's port.
    func receive(_ bytes: UnsafeRawBufferPointer, from source: SocketAddress, arrivalMs: Double) {
        guard !ended else { return }
        media.receive(bytes, from: source, arrivalMs: arrivalMs)
        // The fast barge-in path hears the packet now, ahead of the jitter buffer's delay.
        media.takeArrivedAudio { audio in if started { session.callerArrived(audio, into: &actions) } }
        if !actions.isEmpty { carryOut() }
    }

    /// A datagram arrived on the call's RTCP port.
    func receiveControl(_ bytes: UnsafeRawBufferPointer, from source: SocketAddress, arrivalMs: Double) {
        guard !ended else { return }
        media.receiveControl(bytes, from: source, arrivalMs: arrivalMs)
    }

    // MARK: - The 20 ms tick

    /// Runs one 20 ms frame: two caller hops through the session, one packet out. `lateMs` is how
    /// long after its due time the tick runs. Each stage's time goes to `timings` (no lock, no
    /// allocation).
    func tick(nowMs: Double, lateMs: Double, timings: MediaTimings) {
        guard !ended else { return }
        if !started {
            guard media.hasStarted(nowMs: nowMs) || nowMs - createdAtMs >= mediaStartTimeoutMs else { return }
            started = true
            logger.info("media started", metadata: ["call.codec": "\(media.codec.kind.rawValue)"])
            session.start(into: &actions)
            carryOut()
        }
        while let digit = media.nextDigit() { session.digit(digit, into: &actions) }
        let hop = callerHop.count
        let codec = media.codec.kind
        for h in 0..<2 {
            let pulled = NIODeadline.now().uptimeNanoseconds
            let heard = callerHop.withUnsafeMutableBufferPointer { media.nextCallerHop(nowMs: nowMs + Double(10 * h), into: $0) }
            let begin = NIODeadline.now().uptimeNanoseconds
            engineFrame.withUnsafeMutableBufferPointer { frame in
                let engine = UnsafeMutableBufferPointer(rebasing: frame[h * hop..<(h + 1) * hop])
                if heard {
                    callerHop.withUnsafeBufferPointer { session.hop(caller: $0, engine: engine, into: &actions) }
                } else {
                    session.hop(caller: nil, engine: engine, into: &actions)
                }
            }
            let end = NIODeadline.now().uptimeNanoseconds
            hopTimes.record(micros: Double(end - begin) / 1000)
            timings.record(.decode, codec: codec, from: pulled, to: begin)
            timings.record(.session, codec: codec, from: begin, to: end)
            if !actions.isEmpty { carryOut() }
        }
        let encode = NIODeadline.now().uptimeNanoseconds
        send(lateMs: lateMs)
        timings.record(.encodeSend, codec: codec, from: encode, to: NIODeadline.now().uptimeNanoseconds)
        ticks += 1
        if ticks % Self.reportIntervalTicks == 0 { sendControlReport(nowMs: nowMs) }
        if session.isOver && !session.isSpeaking { close() }
    }

    private func send(lateMs: Double) {
        guard let channel else { return }
        let n = engineFrame.withUnsafeBufferPointer { media.packetize($0, talking: session.isAudible, into: &packet, lateMs: lateMs) }
        guard n > 0 else { return }
        var buffer = channel.allocator.buffer(capacity: n)
        buffer.writeBytes(packet[0..<n])
        channel.writeAndFlush(AddressedEnvelope(remoteAddress: remote, data: buffer), promise: nil)
    }

    private func sendControlReport(nowMs: Double) {
        guard let controlChannel, let port = remote.port,
              let address = try? SocketAddress(ipAddress: remote.ipAddress ?? "127.0.0.1", port: port + 1) else { return }
        let report = media.controlReport(nowMs: nowMs, wallClock: Date().timeIntervalSince1970, cname: "ivr-engine@\(id)")
        var buffer = controlChannel.allocator.buffer(capacity: report.count)
        buffer.writeBytes(report)
        controlChannel.writeAndFlush(AddressedEnvelope(remoteAddress: address, data: buffer), promise: nil)
    }

    // MARK: - Actions

    private func carryOut() {
        for action in actions {
            switch action {
            case .render(let request):
                renderer.render(request, prompts: voice.prompts) { [self] result in
                    loop.execute { self.rendered(request.id, result) }
                }
            case .record(let event):
                onEvent(id, event)
            case .transfer(let target, let reason):
                logger.info("transfer", metadata: ["call.target": "\(target)", "call.reason": "\(reason)"])
            case .hangUp(let outcome, let reason):
                logger.info("call over", metadata: ["call.outcome": "\(outcome.rawValue)", "call.reason": "\(reason)"])
            }
        }
        actions.removeAll(keepingCapacity: true)
    }

    private func rendered(_ id: Int, _ result: Result<[Float], any Error>) {
        guard !ended else { return }
        switch result {
        case .success(let audio): session.promptRendered(id, audio: audio, into: &actions)
        case .failure(let error): session.promptRenderFailed(id, reason: "\(error)", into: &actions)
        }
        carryOut()
    }

    // MARK: - Ending

    /// The gateway hung up (or the engine ends the call): the session hears it, the port closes.
    func hangUp(outcome: CallOutcome = .callerHungUp, reason: String) {
        guard !ended else { return }
        if !started { started = true; session.start(into: &actions) }
        if outcome == .callerHungUp { session.hangUp(into: &actions) } else { session.end(outcome, reason: reason, into: &actions) }
        carryOut()
        close()
    }

    private func close() {
        guard !ended else { return }
        ended = true
        channel?.close(promise: nil)
        channel = nil
        controlChannel?.close(promise: nil)
        controlChannel = nil
    }

    func record() -> CallRecord { session.record(voiceID: voice.id) }
}
