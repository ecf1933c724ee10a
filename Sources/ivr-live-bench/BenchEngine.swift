import Foundation
import LiveCall
import Logging

/// The in-process engine both benches measure: the repository's claims voice loaded (and its
/// static lines rendered) before the first call, logging only at `logLevel`.
enum BenchEngine {
    static func make(label: String, logLevel: Logger.Level, rtpPorts: ClosedRange<Int>, maxCalls: Int) throws -> CallEngine {
        var logger = Logger(label: label)
        logger.logLevel = logLevel
        var config = EngineConfig()
        config.rtpPorts = rtpPorts
        config.maxCalls = maxCalls
        let voices = VoiceCatalog(root: FileManager.default.currentDirectoryPath, rateHz: 8000)
        _ = try voices.voice("claims-24x7")
        return CallEngine(config: config, voices: voices, logger: logger)
    }
}
