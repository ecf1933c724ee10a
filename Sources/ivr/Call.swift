import ArgumentParser
import AudioCore
import AudioFiles
import Codecs
import ControlAPI
import Foundation
import LiveCall
import Session

/// `ivr call CALLER.wav`: places a live call on a running `ivr serve` — opens it through the API,
/// streams the recording as RTP in real time, records what the engine says, prints the transcript.
struct Call: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Place a live call on `ivr serve`: a recording streamed as RTP, the engine's answer recorded.",
        discussion: """
            The call is opened with POST /v1/calls, the recording is sent in real time as 20 ms RTP packets \
            (keys from --press as RFC 4733 events), and the engine's RTP is recorded. When the recording ends \
            the call is hung up (unless the engine ended it first); the transcript is printed from the \
            call's record. In text format the transcript is printed live, line by line as the call goes, from \
            the call's event stream (GET /v1/calls/{id}/events).
            """)

    @Argument(help: "The caller's recording (any format libsndfile reads).", completion: .file())
    var callerAudio: String
    @Option(help: "The server's control API.") var server = "http://127.0.0.1:8080"
    @Option(help: "The API token (or IVR_API_TOKEN).") var token: String?
    @Option(help: "The brand voice (the server's default when absent).") var voice: String?
    @Option(help: "PCMU, PCMA, L16 or opus.") var codec = "PCMU"
    @Option(help: "The payload type for opus or L16.") var payloadType: Int?
    @Option(help: "Keys to press as RFC 4733 events: KEY@SECONDS, comma-separated (e.g. 1@3.5,0@20).")
    var press: String?
    @Option(help: "Write a stereo WAV: caller left, engine right, time-aligned.", completion: .file()) var out: String?
    @Option(help: "Output: text (transcript) or json (the call's record).") var format: OutputFormat = .text
    @Option(help: "The caller's channel, 1-based, for recordings with more than one.") var channel: Int?

    func run() async throws {
        guard let url = URL(string: server), url.scheme == "http" else {
            throw CLIError("--server \(server): give the control API as http://HOST:PORT")
        }
        guard let token = token ?? ProcessInfo.processInfo.environment["IVR_API_TOKEN"], !token.isEmpty else {
            throw CLIError("no API token: give --token or set IVR_API_TOKEN (the one `ivr serve` was started with)")
        }
        let keys = try Self.keyPresses(press)
        let audio = try AudioFileReader.read(url: URL(fileURLWithPath: callerAudio), channel: channel.map { .channel($0) } ?? .automatic)
        let rate = PipelineRate.narrowband
        let samples = audio.sampleRateHz == rate.hz ? audio.samples
            : try Resampler(inputRateHz: audio.sampleRateHz, outputRateHz: rate.hz).resample(audio.samples)
        let codec = try NegotiatedCodec(name: codec, payloadType: payloadType, pipelineRateHz: rate.hz)
        let api = ControlAPIClient(baseURL: url, token: token)
        let client = try await RTPCallClient()
        let opened: CallView
        do {
            opened = try await api.open(OpenCallRequest(voice: voice, codec: codec.kind.rawValue, payloadType: Int(codec.payloadType),
                                                        remote: RTPAddress(address: "127.0.0.1", port: client.localPort)))
        } catch {
            await client.close()
            throw CLIError("\(error)")
        }
        let id = opened.info.id
        FileHandle.standardError.write(Data("call \(id): streaming \(callerAudio) (\(String(format: "%.1f", Double(samples.count) / Double(rate.hz))) s) as \(codec.kind.rawValue) to \(opened.info.rtp.address):\(opened.info.rtp.port)\n".utf8))
        let printer = format == .text ? Self.printLive(id, api: api) : nil
        let result = try await client.stream(samples, rate: rate, codec: codec, to: opened.info.rtp, keys: keys) {
            (try? await api.call(id).info.state == "ended") ?? false
        }
        await client.close()
        var view = try await api.call(id)
        if view.info.state != "ended" { view = try await api.end(id) }
        guard let record = view.record else { throw CLIError("the server returned no record for call \(id)") }
        switch format {
        case .text:
            // The stream ends after the call's hangup; whatever it missed is printed from the record.
            let timeout = Task { try? await Task.sleep(nanoseconds: 5_000_000_000); printer?.cancel() }
            let printed = await printer?.value ?? 0
            timeout.cancel()
            for event in record.events.dropFirst(printed) { print(event.transcriptLine()) }
            print("call with voice \(record.voice): \(record.outcome.rawValue) after \(String(format: "%.2f", record.durationSec)) s")
            print(Self.emotionSummary(record))
        case .json:
            print(try ReportJSON.encode(record))
        }
        if let out {
            try AudioFileWriter.writeWAV(url: URL(fileURLWithPath: out), channels: [result.callerAudio, result.engineAudio],
                                         sampleRateHz: rate.hz)
        }
    }

    /// Prints the call's events as they happen; how many it printed.
    static func printLive(_ id: String, api: ControlAPIClient) -> Task<Int, Never> {
        Task {
            var printed = 0
            do {
                for try await event in EventStreamClient.events(of: id, api: api) {
                    print(event.transcriptLine())
                    fflush(nil)  // all output streams: the line shows now, even into a pipe
                    printed += 1
                }
            } catch {
                FileHandle.standardError.write(Data("ivr call: the live transcript stopped (\(error)); the rest comes from the call's record\n".utf8))
            }
            return printed
        }
    }

    /// "1@3.5,0@20" → key presses.
    static func keyPresses(_ text: String?) throws -> [RTPCallClient.KeyPress] {
        guard let text, !text.isEmpty else { return [] }
        return try text.split(separator: ",").map { item in
            let parts = item.split(separator: "@")
            guard parts.count == 2, parts[0].count == 1, let key = parts[0].first, "0123456789*#ABCD".contains(key),
                  let at = Double(parts[1]), at >= 0, at.isFinite else {
                throw CLIError("--press \"\(item)\": write KEY@SECONDS with KEY one of 0–9 * # A–D, e.g. 1@3.5")
            }
            return RTPCallClient.KeyPress(key: key, atSec: at)
        }
    }

    static func emotionSummary(_ record: CallRecord) -> String {
        let labels = record.turnLabels
        return "caller emotion per turn: " + (labels.isEmpty ? "(no turns)" : labels.joined(separator: ", "))
    }
}
