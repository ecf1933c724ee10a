import ArgumentParser
import CallRecords
import ControlAPI
import Foundation
import Hummingbird
import LiveCall
import Logging
import ServiceLifecycle
import Yams

/// `ivr serve`: takes live calls — the control API over HTTP, the callers' audio over RTP.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Take live calls: an HTTP control API opens calls, RTP carries the audio (README \"Live calls\").",
        discussion: """
            Settings come from --config (YAML, the same names as the flags: httpHost, httpPort, rtpHost, \
            rtpPorts, advertise, token, root, rate, maxCalls, voice, shutdownDeadline, logLevel, records, \
            engineID), then the \
            flags. The API token comes from --token, the config, or the environment variable IVR_API_TOKEN. \
            SIGTERM or SIGINT: no new calls, calls in progress may finish until the deadline, then end as \
            interrupted.
            """)

    @Option(help: "A YAML file with the settings below.", completion: .file())
    var config: String?
    @Option(help: "The control API's address.") var httpHost: String?
    @Option(help: "The control API's port (0: any free port; the one taken is printed).") var httpPort: Int?
    @Option(help: "The address RTP sockets bind to.") var rtpHost: String?
    @Option(help: "RTP ports, LOW-HIGH (even: RTP, odd: RTCP).") var rtpPorts: String?
    @Option(help: "The address given to gateways for the engine's RTP (default: --rtp-host).") var advertise: String?
    @Option(help: "The bearer token the API requires (or IVR_API_TOKEN).") var token: String?
    @Option(help: "The folder holding voices/ and prompts/.") var root: String?
    @Option(help: "Pipeline rate: 8000 or 16000 Hz.") var rate: Int?
    @Option(help: "Calls at once; more are refused with 503.") var maxCalls: Int?
    @Option(help: "The voice of calls that name none.") var voice: String?
    @Option(help: "Seconds calls in progress may run on after SIGTERM.") var shutdownDeadline: Double?
    @Option(help: "trace, debug, info, notice, warning, error, critical.") var logLevel: String?
    @Option(help: "The call records store: sqlite:PATH, a plain path, or postgres://USER@HOST:PORT/DB (default records.sqlite; README \"Call records\").")
    var records: String?
    @Option(help: "This engine's name in the records store (default: the host name); engines sharing a store need different ones, and each keeps its own across restarts.")
    var engineID: String?
    @OptionGroup var listening: ListeningOptions

    func run() async throws {
        let settings = try ServeSettings.resolve(flags: self, environment: ProcessInfo.processInfo.environment)
        var logger = Logger(label: "ivr.serve")
        logger.logLevel = settings.logLevel
        var engineConfig = settings.engine
        engineConfig.listener = try listening.config()
        let voices = VoiceCatalog(root: settings.root, rateHz: engineConfig.rate.hz)
        guard voices.available.contains(engineConfig.defaultVoice) else {
            throw CLIError("no voice \"\(engineConfig.defaultVoice)\" in \(settings.root)/voices; available: "
                           + voices.available.joined(separator: ", "))
        }
        // Every brand is loaded and its static lines rendered before the first call.
        for id in voices.available {
            do { _ = try voices.voice(id) } catch { throw CLIError("voice \(id): \(error)") }
        }
        let engine = CallEngine(config: engineConfig, voices: voices, logger: logger)
        let observability = Self.observe(engine)
        let recorder = try Self.startRecording(engine, records: settings.records, engineID: settings.engineID, logger: logger)
        defer { recorder.flush() }  // the calls ended at shutdown are written before the process exits
        let app = Application(
            router: ControlAPI.router(engine: engine, token: settings.token, observability: observability),
            configuration: .init(address: .hostname(settings.httpHost, port: settings.httpPort), serverName: "ivr-engine"),
            onServerRunning: { [engine] channel in
                let port = channel.localAddress?.port ?? settings.httpPort
                let line = "ivr serve: control API on http://\(settings.httpHost):\(port), RTP on "
                    + "\(engine.config.bindHost) ports \(engine.config.rtpPorts), voices \(voices.loadedIDs.joined(separator: ", "))\n"
                FileHandle.standardOutput.write(Data(line.utf8))
            },
            logger: logger)
        let group = ServiceGroup(configuration: .init(
            services: [.init(service: app), .init(service: EventStreamsShutdown(events: observability.events)),
                       .init(service: EngineShutdown(engine: engine, deadlineSec: settings.shutdownDeadlineSec))],
            gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }
}

extension Serve {
    /// Opens the records store, closes the calls a crash left in progress, and records the engine's calls.
    static func startRecording(_ engine: CallEngine, records: String, engineID: String, logger: Logger) throws -> CallRecorder {
        do {
            let recorder = CallRecorder(store: try CallRecordsURL(records).open(), engine: engineID, logger: logger)
            try recorder.start(recording: engine)
            return recorder
        } catch let error as CallRecordsError {
            throw CLIError(error.description)
        }
    }
}

/// Ends the engine's calls when the server shuts down gracefully.
struct EngineShutdown: Service {
    let engine: CallEngine
    let deadlineSec: Double

    func run() async throws {
        try? await gracefulShutdown()
        await engine.shutdown(deadlineSec: deadlineSec)
    }
}
