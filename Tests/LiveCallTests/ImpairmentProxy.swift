import Foundation
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// A bad network between a caller and the engine, on loopback: what the caller sends to
/// `callerPort` reaches the engine's RTP port through an `ImpairedLink` (dropped, duplicated,
/// held back, delayed as its seed says); what the engine sends to `enginePort` (the call's
/// remote) goes back to the caller unchanged. One thread polls both sockets and carries out
/// the link's schedule; it stops when told, or by itself after `maxSeconds`.
final class ImpairmentProxy: @unchecked Sendable {
    struct Report: Sendable {
        var counts: ImpairedLink<[UInt8]>.Counts
        /// The RTP sequence numbers of what it sent the engine, in order.
        var sentSequenceNumbers: [UInt16]
        var engineToCaller: Int
    }

    let impairment: NetworkImpairment
    private let callerSide: UDPSocket
    private let engineSide: UDPSocket
    private let lock = NSLock()  // guards `stopping`
    private var stopping = false
    private let finished = DispatchSemaphore(value: 0)
    private var report: Report?  // written by the thread before `finished` is signalled

    var callerPort: Int { callerSide.port }
    var enginePort: Int { engineSide.port }

    init(_ impairment: NetworkImpairment) throws {
        self.impairment = impairment
        func bind() throws -> UDPSocket {
            for _ in 0..<20 {
                if let port = LoopbackPorts.freeEvenUDPPort(), let s = try? UDPSocket(port: port) { return s }
            }
            throw ServerFailure(message: "no free UDP port for the proxy")
        }
        callerSide = try bind()
        engineSide = try bind()
    }

    /// Starts relaying to the engine's RTP port.
    func start(engineRTPPort: Int, maxSeconds: Double = 120) {
        Thread { [self] in run(engineRTPPort: engineRTPPort, maxSeconds: maxSeconds) }.start()
    }

    /// Stops: whatever is still held or scheduled goes out now; what it did.
    func stop() -> Report? {
        lock.lock()
        stopping = true
        lock.unlock()
        guard finished.wait(timeout: .now() + 5) == .success else { return nil }
        return report
    }

    private var shouldStop: Bool {
        lock.lock()
        defer { lock.unlock() }
        return stopping
    }

    private func run(engineRTPPort: Int, maxSeconds: Double) {
        var link = ImpairedLink<[UInt8]>(impairment)
        var sent: [UInt16] = []
        var callerSource: Int?
        var engineToCaller = 0
        var buffer = [UInt8](repeating: 0, count: 2048)
        let startMs = Self.nowMs()
        var lastArrivalMs = startMs
        func sendDue(_ nowMs: Double) {
            while let datagram = link.popDue(nowMs: nowMs) {
                engineSide.send(datagram, toPort: engineRTPPort)
                if datagram.count >= 4 { sent.append(UInt16(datagram[2]) << 8 | UInt16(datagram[3])) }
            }
        }
        while !shouldStop, Self.nowMs() - startMs < maxSeconds * 1000 {
            let waitMs = link.nextReleaseMs.map { max(0, min(20, $0 - Self.nowMs())) } ?? 20
            var fds = [pollfd(fd: callerSide.fd, events: Int16(POLLIN), revents: 0),
                       pollfd(fd: engineSide.fd, events: Int16(POLLIN), revents: 0)]
            _ = poll(&fds, 2, Int32(waitMs.rounded(.up)))
            let nowMs = Self.nowMs()
            while let (n, port) = callerSide.receiveNow(into: &buffer) {
                callerSource = port
                link.receive(Array(buffer[0..<n]), nowMs: nowMs)
                lastArrivalMs = nowMs
            }
            while let (n, _) = engineSide.receiveNow(into: &buffer) {
                engineToCaller += 1
                if let callerSource { callerSide.send(Array(buffer[0..<n]), toPort: callerSource) }
            }
            // The caller stopped with a packet held back: nothing will overtake it.
            if link.isHolding, nowMs - lastArrivalMs > 200 { link.releaseHeld(nowMs: nowMs) }
            sendDue(nowMs)
        }
        link.releaseHeld(nowMs: Self.nowMs())
        sendDue(.infinity)
        report = Report(counts: link.counts, sentSequenceNumbers: sent, engineToCaller: engineToCaller)
        finished.signal()
    }

    private static func nowMs() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return Double(t.tv_sec) * 1000 + Double(t.tv_nsec) / 1_000_000
    }
}
