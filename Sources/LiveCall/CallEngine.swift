import Foundation
import Logging
import NIOCore
import NIOPosix
import SDP
import Session
import Synchronization

/// The calls of one server: opens them (a port from the range, a voice from the catalog, a UDP
/// socket on an event loop), lists them, ends them, and keeps the records of ended calls for a
/// while. Thread-safe: the registry is behind one lock; each call's media is confined to its
/// event loop.
///
/// Admission: a call is refused with 503 (`OpenCallError.unavailable`, with its `RefusalReason`)
/// when the engine is shutting down, at `maxCalls`, overloaded (an event loop's media clock is
/// falling behind: `OverloadDetector`), or out of RTP ports — never taken and degraded.
public final class CallEngine: Sendable {
    public let config: EngineConfig
    public let voices: VoiceCatalog
    /// Every call's stage times and every media clock tick's lateness (README "Watching calls").
    public let timings = MediaTimings()
    private let group: any EventLoopGroup
    private let logger: Logger
    private let renderer = PromptRenderWorker()
    private let registry: Mutex<Registry>
    private let listeners = Mutex<[@Sendable (String, CallEvent) -> Void]>([])
    private let lifecycleListeners = Mutex<[@Sendable (CallLifecycle) -> Void]>([])

    private struct Registry {
        var ports: PortPool
        var ended: BoundedCache<String, EndedCall>
        var active: [String: LiveCall] = [:]
        var clocks: [ObjectIdentifier: MediaClock] = [:]
        /// The event loops whose media clocks are falling behind, and why.
        var overloaded: [ObjectIdentifier: String] = [:]
        var acceptingCalls = true
    }

    struct EndedCall: Sendable {
        var info: CallInfo
        var record: CallRecord
    }

    public init(config: EngineConfig, voices: VoiceCatalog, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
                logger: Logger) {
        self.config = config
        self.voices = voices
        self.group = group
        self.logger = logger
        registry = Mutex(Registry(ports: PortPool(range: config.rtpPorts),
                                  ended: BoundedCache(capacity: config.endedCallsKept)))
    }

    public var activeCount: Int { registry.withLock { $0.active.count } }

    /// Why the engine refuses new calls as overloaded; nil while it keeps up.
    public var overloadReason: String? { registry.withLock { $0.overloaded.values.sorted().first } }

    /// Calls `listener` with every call event as it happens (on the call's event loop: be quick).
    public func subscribe(_ listener: @escaping @Sendable (String, CallEvent) -> Void) {
        listeners.withLock { $0.append(listener) }
    }

    /// Calls `listener` when a call opens and when it ends (with its final record): where a
    /// records store or metrics hook in. Called on the call's event loop: be quick.
    public func subscribe(lifecycle listener: @escaping @Sendable (CallLifecycle) -> Void) {
        lifecycleListeners.withLock { $0.append(listener) }
    }

    private func announce(_ change: CallLifecycle) {
        for listener in lifecycleListeners.withLock({ $0 }) { listener(change) }
    }

    private func publish(_ id: String, _ event: CallEvent) {
        for listener in listeners.withLock({ $0 }) { listener(id, event) }
    }

    // MARK: - Open

    public func open(_ request: OpenCallRequest) async throws(OpenCallError) -> CallInfo {
        let voiceID = request.voice ?? config.defaultVoice
        let (codec, remote, offer) = try negotiate(request)
        let voice: VoiceCatalog.Voice
        do {
            voice = try await loadVoice(voiceID)
        } catch let error as OpenCallError {
            throw error
        } catch {
            throw .invalid("voice \(voiceID) cannot be used: \(error)")
        }
        let port = try reservePort()
        let loop = group.next()
        let id = UUID().uuidString.lowercased()
        do {
            let remoteAddress = try SocketAddress.makeAddressResolvingHost(remote.address, port: remote.port)
            let call = try LiveCall(
                id: id, voice: voice, codec: codec, rate: config.rate, listener: config.listener, loop: loop,
                localPort: port, remote: remoteAddress, nowMs: Self.nowMs(), mediaStartTimeoutMs: config.mediaStartTimeoutMs,
                renderer: renderer, logger: logger, onEvent: { [weak self] id, event in self?.publish(id, event) })
            call.callerID = request.callerID
            if offer != nil { call.sdpAnswer = codec.sessionDescription(address: config.answerHost, port: port).text() }
            let channel = try await DatagramBootstrap(group: loop)
                .channelOption(.socketOption(.so_reuseaddr), value: 1)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(RTPInboundHandler(call: call)) }
                }
                .bind(host: config.bindHost, port: port).get()
            let control: any Channel
            do {
                control = try await DatagramBootstrap(group: loop)
                    .channelOption(.socketOption(.so_reuseaddr), value: 1)
                    .channelInitializer { channel in
                        channel.eventLoop.makeCompletedFuture {
                            try channel.pipeline.syncOperations.addHandler(RTPInboundHandler(call: call, control: true))
                        }
                    }
                    .bind(host: config.bindHost, port: port + 1).get()
            } catch {
                try? await channel.close()  // the RTP port goes back with the call's
                throw error
            }
            registry.withLock { $0.active[id] = call }
            let opened = try await loop.submit { [self] in
                call.attach(channel, control: control)
                clock(for: loop).add(call)
                return info(of: call)
            }.get()
            announce(.opened(opened))
            logger.info("call opened", metadata: ["call.id": "\(id)", "call.voice": "\(voiceID)", "call.codec": "\(codec.kind.rawValue)",
                                                  "call.port": "\(port)"])
            return opened
        } catch {
            registry.withLock { r in
                r.active[id] = nil
                r.ports.give(port)
            }
            throw .unavailable(.noPort, "could not open RTP port \(port) on \(config.bindHost): \(error)")
        }
    }

    private func negotiate(_ r: OpenCallRequest) throws(OpenCallError) -> (NegotiatedCodec, RTPAddress, SessionDescription?) {
        if let sdp = r.sdp {
            let offer: SessionDescription
            do { offer = try SessionDescription(parsing: sdp) } catch { throw .invalid("sdp: \(error)") }
            guard (1...65535).contains(offer.port) else { throw .invalid("sdp: the offer's audio port is \(offer.port)") }
            return (try NegotiatedCodec(offer: offer), RTPAddress(address: offer.address, port: offer.port), offer)
        }
        guard let remote = r.remote else {
            throw .invalid("say where to send the engine's audio: \"remote\": {\"address\": …, \"port\": …}, or give an SDP offer as \"sdp\"")
        }
        guard (1...65535).contains(remote.port), !remote.address.isEmpty else {
            throw .invalid("remote: \(remote.address):\(remote.port) is not an address and port (1–65535)")
        }
        return (try NegotiatedCodec(name: r.codec ?? "PCMU", payloadType: r.payloadType, pipelineRateHz: config.rate.hz), remote, nil)
    }

    private func loadVoice(_ id: String) async throws -> VoiceCatalog.Voice {
        guard voices.available.contains(id) else { throw OpenCallError.unknownVoice(id: id, available: voices.available) }
        return try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { [voices] in continuation.resume(with: Result { try voices.voice(id) }) }
        }
    }

    private func reservePort() throws(OpenCallError) -> Int {
        let result: Result<Int, OpenCallError> = registry.withLock { r in
            guard r.acceptingCalls else { return .failure(.unavailable(.shuttingDown, "the engine is shutting down; it takes no new calls")) }
            guard r.active.count < config.maxCalls else {
                return .failure(.unavailable(.maxCalls, "the engine is at capacity: \(r.active.count) of \(config.maxCalls) calls (ivr serve --max-calls)"))
            }
            if let why = r.overloaded.values.sorted().first {
                return .failure(.unavailable(.overload, "the engine is overloaded, so it refuses new calls rather than let the "
                                                        + "\(r.active.count) in progress degrade: \(why)"))
            }
            guard let port = r.ports.take() else {
                return .failure(.unavailable(.noPort, "no free RTP port in \(config.rtpPorts) (\(r.ports.capacity) calls at most)"))
            }
            return .success(port)
        }
        return try result.get()
    }

    private func clock(for loop: any EventLoop) -> MediaClock {
        registry.withLock { r in
            let key = ObjectIdentifier(loop)
            if let clock = r.clocks[key] { return clock }
            let clock = MediaClock(loop: loop, timings: timings, overload: config.overload,
                                   onEnded: { [weak self] call in self?.ended(call) },
                                   onOverload: { [weak self] change in self?.overload(change, on: key) })
            r.clocks[key] = clock
            return clock
        }
    }

    /// An event loop's media clock started or stopped falling behind (on that loop).
    private func overload(_ change: OverloadDetector.Transition, on loop: ObjectIdentifier) {
        registry.withLock { r in
            switch change {
            case .overloaded(let reason): r.overloaded[loop] = reason
            case .recovered: r.overloaded[loop] = nil
            }
        }
        switch change {
        case .overloaded(let reason): logger.warning("overloaded: new calls are refused", metadata: ["overload.reason": "\(reason)"])
        case .recovered: logger.notice("overload over: new calls are taken again")
        }
    }

    // MARK: - Queries and ending

    public func calls() async -> [CallInfo] {
        let (active, ended) = registry.withLock { r in (Array(r.active.values), r.ended.values.map(\.info)) }
        var infos: [CallInfo] = []
        for call in active { if let info = try? await call.loop.submit({ self.info(of: call) }).get() { infos.append(info) } }
        return infos.sorted { $0.id < $1.id } + ended
    }

    public func call(_ id: String) async -> (CallInfo, CallRecord)? {
        let (active, ended) = registry.withLock { r in (r.active[id], r.ended[id]) }
        if let active {
            return try? await active.loop.submit { (self.info(of: active), active.record()) }.get()
        }
        return ended.map { ($0.info, $0.record) }
    }

    /// Ends a call as the caller hanging up (`DELETE /v1/calls/{id}`); its record.
    public func end(_ id: String, reason: String) async -> (CallInfo, CallRecord)? {
        guard let call = registry.withLock({ $0.active[id] }) else { return await self.call(id) }
        let result = try? await call.loop.submit { [self] in
            call.hangUp(reason: reason)
            return (info(of: call), call.record())
        }.get()
        if let (info, record) = result { finish(call, info: info, record: record) }
        return result
    }

    /// Stops taking calls and ends those in progress as `interrupted` once `deadlineSec` has
    /// passed without them ending on their own.
    public func shutdown(deadlineSec: Double) async {
        registry.withLock { $0.acceptingCalls = false }
        let start = Self.nowMs()
        while activeCount > 0, Self.nowMs() - start < deadlineSec * 1000 {
            try? await Task.sleep(nanoseconds: 50_000_000)
        }
        for call in registry.withLock({ Array($0.active.values) }) {
            let result = try? await call.loop.submit { [self] in
                call.hangUp(outcome: .interrupted, reason: "the engine shut down (deadline \(deadlineSec) s)")
                return (info(of: call), call.record())
            }.get()
            if let (info, record) = result { finish(call, info: info, record: record) }
        }
    }

    /// Called on the call's loop when its clock saw it end.
    private func ended(_ call: LiveCall) {
        finish(call, info: info(of: call), record: call.record())
    }

    private func finish(_ call: LiveCall, info: CallInfo, record: CallRecord) {
        let first = registry.withLock { r in
            guard r.active.removeValue(forKey: call.id) != nil else { return false }
            r.ports.give(call.localPort)
            r.ended[call.id] = EndedCall(info: info, record: record)
            return true
        }
        if first { announce(.ended(info, record)) }
    }

    /// On the call's loop.
    private func info(of call: LiveCall) -> CallInfo {
        let record = call.record()
        return CallInfo(
            id: call.id, voice: call.voice.id, codec: call.codec.kind.rawValue, payloadType: Int(call.codec.payloadType),
            telephoneEventPayloadType: Int(call.codec.telephoneEventPayloadType), state: call.ended ? "ended" : "active",
            callerID: call.callerID, rtp: RTPAddress(address: config.answerHost, port: call.localPort), remote: call.remoteAddress,
            sdp: call.sdpAnswer, outcome: call.ended ? record.outcome : nil, durationSec: record.durationSec, media: call.statistics)
    }

    static func nowMs() -> Double { Double(NIODeadline.now().uptimeNanoseconds) / 1_000_000 }
}
