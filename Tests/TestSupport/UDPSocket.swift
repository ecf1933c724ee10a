import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A plain UDP socket on 127.0.0.1 for tests that send what no real peer would.
public final class UDPSocket {
    public let fd: Int32
    public let port: Int

    public convenience init() throws { try self.init(bindingPort: 0) }

    private init(bindingPort: Int) throws {
        let s = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        var address = LoopbackPorts.address(port: bindingPort)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(s, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard s >= 0, bound == 0 else { throw ServerFailure(message: "cannot bind a UDP socket on 127.0.0.1") }
        var actual = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &actual) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(s, $0, &length) } }
        fd = s
        port = Int(UInt16(bigEndian: actual.sin_port))
    }

    public func send(_ bytes: [UInt8], toPort: Int) {
        var address = LoopbackPorts.address(port: toPort)
        _ = bytes.withUnsafeBytes { buf in
            withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    sendto(fd, buf.baseAddress, buf.count, 0, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
        }
    }

    /// Binds a socket to a given port on 127.0.0.1 (e.g. the RTCP port above an RTP one).
    public convenience init(port: Int) throws {
        try self.init(bindingPort: port)
    }

    /// The next datagram, or nil after `timeoutMs` without one.
    public func receive(timeoutMs: Int32) -> [UInt8]? {
        var fds = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        guard poll(&fds, 1, timeoutMs) > 0 else { return nil }
        var buffer = [UInt8](repeating: 0, count: 2048)
        let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        return n > 0 ? Array(buffer.prefix(n)) : nil
    }

    /// A datagram already waiting, into `buffer`: its length and the port it came from; nil when
    /// none is waiting.
    public func receiveNow(into buffer: inout [UInt8]) -> (count: Int, fromPort: Int)? {
        var source = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let n = buffer.withUnsafeMutableBytes { out in
            withUnsafeMutablePointer(to: &source) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { recvfrom(fd, out.baseAddress, out.count, Int32(MSG_DONTWAIT), $0, &length) }
            }
        }
        return n > 0 ? (n, Int(UInt16(bigEndian: source.sin_port))) : nil
    }

    deinit { close(fd) }
}
