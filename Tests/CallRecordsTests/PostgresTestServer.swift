import Foundation
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// A throwaway PostgreSQL server for one test: Debian's `postgresql` binaries (scripts/setup.sh
/// installs them), a cluster in a temporary folder, trust authentication, a free loopback port
/// in 47900–47999. As root it runs as the `postgres` user (the server refuses root).
final class PostgresTestServer {
    let url: String
    private let dataDirectory: String
    private let binaries: String

    /// Why no server can start here (no PostgreSQL installed, or root without a `postgres` user); nil when one can.
    static let unavailableReason: String? = {
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
        if versions.compactMap(Int.init).isEmpty { return "no PostgreSQL in /usr/lib/postgresql (scripts/setup.sh installs it)" }
        if getuid() == 0, getpwnam("postgres") == nil { return "running as root and there is no postgres user to run the server" }
        return nil
    }()

    init() throws {
        guard let version = (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql"))?
            .compactMap(Int.init).max() else {
            throw RecordsTestFailure("no PostgreSQL in /usr/lib/postgresql (Debian's postgresql; scripts/setup.sh installs it)")
        }
        binaries = "/usr/lib/postgresql/\(version)/bin"
        let folder = try Paths.temporaryDirectory("postgres")
        dataDirectory = folder.appendingPathComponent("data").path
        if getuid() == 0 { try Self.run("/bin/chown", ["postgres:postgres", folder.path]) }
        guard let port = (47900...47999).shuffled().first(where: { LoopbackPorts.isFree($0, .tcp) }) else {
            throw RecordsTestFailure("no free TCP port in 47900–47999 for PostgreSQL")
        }
        try Self.run(binaries + "/initdb", ["-D", dataDirectory, "-A", "trust", "-U", "ivr", "-E", "UTF8", "--no-sync"])
        try Self.run(binaries + "/pg_ctl", ["-D", dataDirectory, "-l", folder.appendingPathComponent("server.log").path, "-w", "-t", "30",
                                            "-o", "-p \(port) -k \(folder.path) -c listen_addresses=127.0.0.1 -c fsync=off", "start"])
        url = "postgres://ivr@127.0.0.1:\(port)/postgres"
    }

    func stop() {
        try? Self.run(binaries + "/pg_ctl", ["-D", dataDirectory, "-m", "immediate", "-w", "stop"])
    }

    deinit { stop() }

    /// Runs a server program (as `postgres` when this process is root); throws with its output when it fails.
    private static func run(_ program: String, _ arguments: [String]) throws {
        let process = Process()
        let asPostgres = getuid() == 0 && !program.hasSuffix("chown")
        process.executableURL = URL(fileURLWithPath: asPostgres ? "/usr/sbin/runuser" : program)
        process.arguments = asPostgres ? ["-u", "postgres", "--", program] + arguments : arguments
        process.currentDirectoryURL = URL(fileURLWithPath: "/tmp")
        // A file, not a pipe: the server pg_ctl starts would hold a pipe open and the read never end.
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("ivr-pg-\(UUID().uuidString.prefix(8)).log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: log) }
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        // Reaped here: Foundation's Process did not notice runuser's exit once pg_ctl's server ran on.
        var status: Int32 = 0
        _ = waitpid(process.processIdentifier, &status, 0)
        let exitCode = (status >> 8) & 0xff
        try? handle.close()
        let said = (try? Data(contentsOf: log)) ?? Data()
        guard status & 0x7f == 0, exitCode == 0 else {
            throw RecordsTestFailure("\((program as NSString).lastPathComponent) failed (status \(status)): "
                                     + String(decoding: said.suffix(800), as: UTF8.self))
        }
    }
}
