import AudioCore
import AudioFiles
import Codecs
import Foundation

/// Errors of the analysis layer (file errors come as `AudioFileError`).
public enum AnalysisError: Error, Equatable, CustomStringConvertible {
    case tooShort(path: String, durationSec: Double)

    public var description: String {
        switch self {
        case .tooShort(let path, let sec):
            return "\(path): too short to analyse (\(String(format: "%.4f", sec)) s); the engine needs "
                + "at least one 10 ms frame of audio"
        }
    }
}

/// Options for analysing a recording.
public struct FileAnalysisOptions: Sendable, Equatable {
    public var channel: ChannelSelection = .automatic
    /// nil: 8 kHz for telephone-band recordings, 16 kHz for wider ones.
    public var rate: PipelineRate?
    public var listener = ListenerConfig()
    public init() {}
}

/// Runs a recording through the same `CallerListener` that live calls use, as fast as the CPU
/// allows.
///
/// Streaming: the file is read 10 ms at a time (`AudioStreamReader`), each frame goes to
/// `onFrame` as it is produced, and only the turns and digits are kept, so memory does not grow
/// with the recording's length (2 h at 48 kHz: see bench-results/analyze-rss.txt).
public enum FileAnalyzer {
    /// Everything but the frames (those went to `onFrame`).
    public static func analyze(path: String, options: FileAnalysisOptions = .init(),
                               progress: ((Double) -> Void)? = nil,
                               onFrame: (AnalysisReport.Frame) throws -> Void) throws -> AnalysisReport {
        let url = URL(fileURLWithPath: path)
        let reader = try AudioStreamReader(url: url, channel: options.channel) {
            (options.rate ?? PipelineRate.defaultFor(sourceRateHz: $0)).hz
        }
        let info = reader.info
        let rate = PipelineRate(rawValue: reader.outputRateHz)!
        guard reader.expectedOutputCount >= rate.hopSamples else {
            throw AnalysisError.tooShort(path: path, durationSec: info.durationSec)
        }
        let listener = try CallerListener(config: options.listener, rate: rate)
        var report = AnalysisReport(
            file: path, durationSec: 0, sampleRateHz: rate.hz,
            source: .init(sampleRateHz: info.sampleRateHz, channels: info.channels,
                          channel: options.channel.analysedChannel(of: info.channels),
                          format: "\(info.format) \(info.subtype)"),
            frames: [], turns: [], dtmf: [])
        var events: [ListenerEvent] = []
        events.reserveCapacity(64)
        func drain() throws {
            for event in events {
                switch event {
                case .frame(let f):
                    let frame = AnalysisReport.Frame(f)
                    report.frameCount += 1
                    if frame.voiced { report.voicedFrames += 1 }
                    if frame.speech { report.speechFrames += 1 }
                    try onFrame(frame)
                case .turnEnded(let t): report.turns.append(.init(t))
                case .dtmf(let d): report.dtmf.append(.init(d))
                case .turnStarted: break
                }
            }
            events.removeAll(keepingCapacity: true)
        }
        let expectedHops = max(1, reader.expectedOutputCount / rate.hopSamples)
        let progressEvery = max(1, expectedHops / 20)
        var hop = [Float](repeating: 0, count: rate.hopSamples)
        var hops = 0
        while try reader.read(into: &hop) == hop.count {
            try hop.withUnsafeBufferPointer { try listener.process(hop: $0, into: &events) }
            try drain()
            hops += 1
            if let progress, hops % progressEvery == 0 { progress(min(1, Double(hops) / Double(expectedHops))) }
        }
        let durationSec = Double(reader.sourceFramesRead) / Double(info.sampleRateHz)
        guard hops > 0 else { throw AnalysisError.tooShort(path: path, durationSec: durationSec) }
        listener.finish(into: &events)
        try drain()
        progress?(1)
        report.durationSec = rounded(durationSec, 3)
        report.source.nonFiniteSamples = reader.sanitizer.nonFiniteSamples
        report.source.clippedSamples = reader.sanitizer.clippedSamples
        return report
    }

    /// The whole report with every frame in memory (tests, short recordings); `ivr analyze`
    /// streams with `analyze(path:options:progress:onFrame:)`.
    public static func analyze(path: String, options: FileAnalysisOptions = .init(),
                               progress: ((Double) -> Void)? = nil) throws -> AnalysisReport {
        var frames: [AnalysisReport.Frame] = []
        var report = try analyze(path: path, options: options, progress: progress) { frames.append($0) }
        report.frames = frames
        return report
    }
}

extension ChannelSelection {
    /// The 1-based channel analysed, or nil when channels are mixed.
    func analysedChannel(of channels: Int) -> Int? {
        switch self {
        case .automatic: return 1
        case .channel(let n): return n
        case .mix: return nil
        }
    }
}
