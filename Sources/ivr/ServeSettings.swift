import Foundation
import LiveCall
import Logging
import Yams

/// `ivr serve`'s settings: the config file, then flags, then defaults; the token may also come
/// from IVR_API_TOKEN. Checked before anything starts, with messages that name the setting.
struct ServeSettings {
    var httpHost = "127.0.0.1"
    var httpPort = 8080
    var token = ""
    var root = "."
    var shutdownDeadlineSec = 30.0
    var logLevel = Logger.Level.info
    var engine = EngineConfig()
    /// The call records store (README "Call records").
    var records = "records.sqlite"
    /// This engine's name in the records store; the same across restarts (the host name unless
    /// set), so a restart closes only its own calls left in progress.
    var engineID = ProcessInfo.processInfo.hostName

    /// The config file's keys (all optional).
    struct File: Decodable {
        var httpHost: String?, httpPort: Int?, rtpHost: String?, rtpPorts: String?, advertise: String?
        var token: String?, root: String?, rate: Int?, maxCalls: Int?, voice: String?
        var shutdownDeadline: Double?, logLevel: String?
        var records: String?, engineID: String?
    }

    static func resolve(flags f: Serve, environment: [String: String]) throws -> ServeSettings {
        var file = File()
        if let path = f.config {
            guard let text = FileManager.default.contents(atPath: path).flatMap({ String(data: $0, encoding: .utf8) }) else {
                throw CLIError("\(path): cannot read the config file")
            }
            do { file = try YAMLDecoder().decode(File.self, from: text) } catch {
                throw CLIError("\(path): \(error) (keys: httpHost, httpPort, rtpHost, rtpPorts, advertise, token, root, rate, maxCalls, voice, shutdownDeadline, logLevel, records, engineID)")
            }
        }
        var s = ServeSettings()
        s.httpHost = f.httpHost ?? file.httpHost ?? s.httpHost
        s.httpPort = f.httpPort ?? file.httpPort ?? s.httpPort
        guard (0...65535).contains(s.httpPort) else { throw CLIError("httpPort \(s.httpPort) is not a port (0–65535)") }
        s.engine.bindHost = f.rtpHost ?? file.rtpHost ?? s.engine.bindHost
        s.engine.advertisedHost = f.advertise ?? file.advertise
        if let ports = f.rtpPorts ?? file.rtpPorts { s.engine.rtpPorts = try portRange(ports) }
        guard let token = f.token ?? file.token ?? environment["IVR_API_TOKEN"], !token.isEmpty else {
            throw CLIError("no API token: give --token, `token:` in the config, or IVR_API_TOKEN (every /v1 request must send it)")
        }
        s.token = token
        s.root = f.root ?? file.root ?? s.root
        switch f.rate ?? file.rate ?? 8000 {
        case 8000: s.engine.rate = .narrowband
        case 16000: s.engine.rate = .wideband
        case let other: throw CLIError("rate \(other) Hz: the pipeline runs at 8000 or 16000 Hz")
        }
        if let max = f.maxCalls ?? file.maxCalls {
            guard max >= 1 else { throw CLIError("maxCalls must be at least 1 (got \(max))") }
            s.engine.maxCalls = max
        }
        s.engine.defaultVoice = f.voice ?? file.voice ?? s.engine.defaultVoice
        s.records = f.records ?? file.records ?? s.records
        s.engineID = f.engineID ?? file.engineID ?? s.engineID
        guard !s.engineID.isEmpty, s.engineID.count <= 200 else { throw CLIError("engineID must be 1–200 characters") }
        s.shutdownDeadlineSec = f.shutdownDeadline ?? file.shutdownDeadline ?? s.shutdownDeadlineSec
        guard s.shutdownDeadlineSec >= 0, s.shutdownDeadlineSec.isFinite else {
            throw CLIError("shutdownDeadline must be a number of seconds ≥ 0")
        }
        if let level = f.logLevel ?? file.logLevel {
            guard let l = Logger.Level(rawValue: level) else {
                throw CLIError("logLevel \(level): use trace, debug, info, notice, warning, error or critical")
            }
            s.logLevel = l
        }
        return s
    }

    static func portRange(_ text: String) throws -> ClosedRange<Int> {
        let parts = text.split(separator: "-").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 2, let lo = parts[0], let hi = parts[1], 1024 <= lo, lo < hi, hi <= 65535 else {
            throw CLIError("rtpPorts \"\(text)\": write LOW-HIGH with 1024 ≤ LOW < HIGH ≤ 65535, e.g. 10000-19999, below the ephemeral ports (32768-60999)")
        }
        return lo...hi
    }
}
