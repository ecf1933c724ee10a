import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Ports on 127.0.0.1: free ones found by binding and releasing them, and their addresses.
public enum LoopbackPorts {
    public enum Transport { case udp, tcp }

    /// A free even UDP port (even: RTP; the odd one above stays free for RTCP). Tests' own ports
    /// come from 30000–32766: below the kernel's ephemeral range (32768–60999), where another
    /// socket's automatic port could take them, and apart from the servers' RTP ranges (20000–29999).
    public static func freeEvenUDPPort(in range: ClosedRange<Int> = 30000...32766) -> Int? {
        for _ in 0..<200 {
            let port = Int.random(in: range) & ~1
            if isFree(port), isFree(port + 1) { return port }
        }
        return nil
    }

    public static func isFree(_ port: Int, _ transport: Transport = .udp) -> Bool {
        let fd = socket(AF_INET, Int32((transport == .udp ? SOCK_DGRAM : SOCK_STREAM).rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = address(port: port)
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }

    /// 127.0.0.1:`port`.
    public static func address(port: Int) -> sockaddr_in {
        var a = sockaddr_in()
        a.sin_family = sa_family_t(AF_INET)
        a.sin_port = in_port_t(UInt16(port).bigEndian)
        a.sin_addr.s_addr = inet_addr("127.0.0.1")
        return a
    }
}
