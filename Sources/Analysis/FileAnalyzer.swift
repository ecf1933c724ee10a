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
/// allows, and collects everything it reports.
public enum FileAnalyzer {
    /// `path` is reported as given; `progress` is called with the fraction done (0…1) about
    /// every 5 % of the audio.
    public static func analyze(path: String, options: FileAnalysisOptions = .init(),
                               progress: ((Double) -> Void)? = nil) throws -> AnalysisReport {
        let url = URL(fileURLWithPath: path)
        let info = try AudioFileReader.info(url: url)
        let audio = try AudioFileReader.read(url: url, channel: options.channel)
        let rate = options.rate ?? PipelineRate.defaultFor(sourceRateHz: audio.sampleRateHz)
        let samples = try resampled(audio, to: rate)
        guard samples.count >= rate.hopSamples else {
            throw AnalysisError.tooShort(path: path, durationSec: audio.durationSec)
        }
        let listener = try CallerListener(config: options.listener, rate: rate)
        var events: [ListenerEvent] = []
        events.reserveCapacity(samples.count / rate.hopSamples + 64)
        let hops = samples.count / rate.hopSamples
        let progressEvery = max(1, hops / 20)
        try samples.withUnsafeBufferPointer { all in
            for h in 0..<hops {
                let hop = UnsafeBufferPointer(rebasing: all[h * rate.hopSamples..<(h + 1) * rate.hopSamples])
                try listener.process(hop: hop, into: &events)
                if let progress, h % progressEvery == 0 { progress(Double(h) / Double(hops)) }
            }
        }
        listener.finish(into: &events)
        progress?(1)

        var report = AnalysisReport(
            file: path, durationSec: rounded(audio.durationSec, 3), sampleRateHz: rate.hz,
            source: .init(sampleRateHz: info.sampleRateHz, channels: info.channels,
                          channel: options.channel.analysedChannel(of: info.channels),
                          format: "\(info.format) \(info.subtype)"),
            frames: [], turns: [], dtmf: [])
        report.frames.reserveCapacity(hops)
        for event in events {
            switch event {
            case .frame(let f): report.frames.append(.init(f))
            case .turnEnded(let t): report.turns.append(.init(t))
            case .dtmf(let d): report.dtmf.append(.init(d))
            case .turnStarted: break
            }
        }
        return report
    }

    private static func resampled(_ audio: AudioFrame, to rate: PipelineRate) throws -> [Float] {
        guard audio.sampleRateHz != rate.hz else { return audio.samples }
        let resampler = try Resampler(inputRateHz: audio.sampleRateHz, outputRateHz: rate.hz)
        return resampler.resample(audio.samples)
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
