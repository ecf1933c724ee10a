import Analysis
import AudioCore
import AudioFiles
import Dispatch
import Foundation
import Prosody

/// One corpus file's features as the engine computes them.
public struct FeatureRow: Sendable, Equatable {
    public var item: EmotionCorpus.Item
    public var features: TurnFeatures
    /// The line the file was heard through (`ChannelCondition.description`, e.g. "pcmu +10 dB").
    /// A speaker's baseline is formed within one condition, as one caller on one line.
    public var condition: String

    public init(item: EmotionCorpus.Item, features: TurnFeatures, condition: String) {
        self.item = item
        self.features = features
        self.condition = condition
    }

    /// Whose baseline the row belongs to: the speaker on this line.
    public var caller: String { item.speaker + "@" + condition }
}

/// Runs each corpus file through a channel and the same `CallerListener` calls use, and keeps
/// the features of the file's speech (one turn: the end-of-turn silence is set longer than any
/// pause inside a corpus utterance).
public struct CorpusFeatureExtractor: Sendable {
    public var condition: ChannelCondition
    public var listener: ListenerConfig
    /// Each speaker's recordings get one common gain so that the speaker's mean active speech
    /// level is this (dBFS; −26 dBov is telephony's nominal test level, ITU-T P.56) before the line — like
    /// one caller on one line. Levels *between* a
    /// speaker's utterances (anger louder than sadness) are kept; the studio's arbitrary
    /// recording level (RAVDESS: −57…−35 dBFS) is not. nil: the files as they are.
    public var speakerActiveLevelDBFS: Float? = -26
    /// Worker threads (the machine's cores by default).
    public var threads: Int

    public init(condition: ChannelCondition = .telephone,
                threads: Int = ProcessInfo.processInfo.activeProcessorCount) {
        self.condition = condition
        var config = ListenerConfig()
        config.dtmfEnabled = false
        config.collectVoiceFeatures = true
        config.turns.endSilenceMs = 10_000
        listener = config
        self.threads = max(1, threads)
    }

    /// Features of every file of `corpus`, in corpus order; files without speech are left out
    /// and named in `skipped`.
    public func extract(_ corpus: EmotionCorpus, progress: (@Sendable (Int, Int) -> Void)? = nil) throws
        -> (rows: [FeatureRow], skipped: [String]) {
        let items = corpus.items
        let gains = try speakerGains(corpus)
        let results = Locked([Result<TurnFeatures?, Error>?](repeating: nil, count: items.count))
        let done = Locked(0)
        DispatchQueue.concurrentPerform(iterations: threads) { worker in
            for i in stride(from: worker, to: items.count, by: threads) {
                let url = corpus.directory.appendingPathComponent(items[i].file)
                let r = Result { try features(of: url, gainDB: gains[items[i].speaker] ?? 0) }
                results.withLock { $0[i] = r }
                let n = done.withLock { $0 += 1; return $0 }
                progress?(n, items.count)
            }
        }
        var rows: [FeatureRow] = [], skipped: [String] = []
        for (i, r) in results.withLock({ $0 }).enumerated() {
            if let f = try r!.get() { rows.append(FeatureRow(item: items[i], features: f, condition: condition.description)) } else { skipped.append(items[i].file) }
        }
        return (rows, skipped)
    }

    /// The features of the longest turn in `url` after the channel; nil when no turn was heard.
    public func features(of url: URL, gainDB: Float = 0) throws -> TurnFeatures? {
        let audio = try read(url)
        let g = Level.amplitude(gainDB: gainDB)
        let samples = try condition.apply(gainDB == 0 ? audio.samples : audio.samples.map { $0 * g }, rateHz: audio.sampleRateHz)
        return try turns(samples, rate: condition.pipelineRate, config: listener)
            .compactMap(\.features).max { $0.speechSec < $1.speechSec }
    }
}

extension CorpusFeatureExtractor {
    func read(_ url: URL) throws -> AudioFrame {
        do {
            return try AudioFileReader.read(url: url, channel: .mix)
        } catch {
            throw EmotionTrainingError.audio("\(url.path): \(error)")
        }
    }

    /// Gain per speaker that brings their mean active level to `speakerActiveLevelDBFS`.
    func speakerGains(_ corpus: EmotionCorpus) throws -> [String: Float] {
        guard let target = speakerActiveLevelDBFS else { return [:] }
        var levels: [String: [Float]] = [:]
        for item in corpus.items {
            let audio = try read(corpus.directory.appendingPathComponent(item.file))
            if let level = Self.activeLevelDBFS(audio.samples, rateHz: audio.sampleRateHz) {
                levels[item.speaker, default: []].append(level)
            }
        }
        return levels.mapValues { target - $0.reduce(0, +) / Float($0.count) }
    }

    /// Power mean of the 10 ms frames within 35 dB of the loudest (a simple active speech level,
    /// in the spirit of ITU-T P.56); nil for silence.
    static func activeLevelDBFS(_ x: [Float], rateHz: Int) -> Float? {
        let hop = rateHz / 100
        guard x.count >= hop else { return nil }
        let levels = stride(from: 0, to: x.count - hop + 1, by: hop).map { Level.rmsDBFS(x[$0..<$0 + hop]) }
        guard let top = levels.max(), top > -100 else { return nil }
        let active = levels.filter { $0 >= top - 35 }
        let power = active.reduce(Float(0)) { $0 + pow(10, $1 / 10) } / Float(active.count)
        return 10 * log10(power)
    }
}

/// Every caller turn the listener hears in `samples` (at `rate`).
public func turns(_ samples: [Float], rate: PipelineRate, config: ListenerConfig) throws -> [CallerTurn] {
    let listener = try CallerListener(config: config, rate: rate)
    var events: [ListenerEvent] = []
    events.reserveCapacity(samples.count / rate.hopSamples + 16)
    try samples.withUnsafeBufferPointer { all in
        for h in 0..<(all.count / rate.hopSamples) {
            try listener.process(hop: UnsafeBufferPointer(rebasing: all[h * rate.hopSamples..<(h + 1) * rate.hopSamples]),
                                 into: &events)
        }
    }
    listener.finish(into: &events)
    return events.compactMap { if case .turnEnded(let t) = $0 { return t } else { return nil } }
}

/// A value behind a lock, for the extractor's worker threads.
final class Locked<T>: @unchecked Sendable {
    private var value: T
    private let lock = NSLock()
    init(_ value: T) { self.value = value }
    func withLock<R>(_ body: (inout T) throws -> R) rethrows -> R {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
