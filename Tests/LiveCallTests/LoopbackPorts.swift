import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Free even UDP ports on 127.0.0.1 (even: RTP; the odd one above stays free for RTCP), found by
/// binding and releasing them.
enum LoopbackPorts {
    /// Tests' own ports come from 30000–32766: below the kernel's ephemeral range (32768–60999),
    /// where another socket's automatic port could take them, and apart from the servers' RTP
    /// ranges (20000–29999).
    static func freeEvenUDPPort(in range: ClosedRange<Int> = 30000...32766) -> Int? {
        for _ in 0..<200 {
            let port = Int.random(in: range) & ~1
            if isFree(port), isFree(port + 1) { return port }
        }
        return nil
    }

    static func isFree(_ port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }
}
