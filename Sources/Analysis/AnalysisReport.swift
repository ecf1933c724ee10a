import Emotion
import Prosody

/// What `ivr analyze` reports for one recording (the JSON schema is documented in the README).
///
/// Numbers are rounded where they are written (times to 1 ms, F0 to 0.1 Hz, levels to 0.01 dB)
/// so the JSON is compact and byte-identical across runs and machines.
public struct AnalysisReport: Sendable, Equatable, Codable {
    public struct Frame: Sendable, Equatable, Codable {
        public var t: Double
        public var f0Hz: Double
        public var voiced: Bool
        public var energyDB: Double
        public var speech: Bool
    }

    public struct Turn: Sendable, Equatable, Codable {
        public var index: Int
        public var startSec: Double
        public var endSec: Double
        public var prosody: TurnProsody
        public var emotion: EmotionEstimate
    }

    public struct Digit: Sendable, Equatable, Codable {
        public var t: Double
        public var digit: String
        public var durationMs: Int?
    }

    public var file: String
    public var durationSec: Double
    /// The pipeline rate the audio was analysed at.
    public var sampleRateHz: Int
    public var source: SourceInfo
    public var hopMs = 10
    /// Every frame when the report was collected whole; empty when the frames were streamed
    /// (`FileAnalyzer.analyze(path:options:progress:onFrame:)`).
    public var frames: [Frame]
    public var turns: [Turn]
    public var dtmf: [Digit]
    /// Frames produced, and how many were voiced / speech (kept whether or not `frames` is).
    public var frameCount = 0
    public var voicedFrames = 0
    public var speechFrames = 0

    public struct SourceInfo: Sendable, Equatable, Codable {
        public var sampleRateHz: Int
        public var channels: Int
        /// The channel analysed (1-based), or nil when channels were mixed.
        public var channel: Int?
        public var format: String
        /// Samples of the analysed channel that were NaN or infinite (replaced: NaN by 0, ±inf by ±1).
        public var nonFiniteSamples = 0
        /// Finite samples beyond full scale (clipped to ±1).
        public var clippedSamples = 0
    }

    enum CodingKeys: String, CodingKey {
        case file, durationSec, sampleRateHz, source, hopMs, frames, turns, dtmf
    }

    public init(file: String, durationSec: Double, sampleRateHz: Int, source: SourceInfo,
                frames: [Frame], turns: [Turn], dtmf: [Digit]) {
        self.file = file
        self.durationSec = durationSec
        self.sampleRateHz = sampleRateHz
        self.source = source
        self.frames = frames
        self.turns = turns
        self.dtmf = dtmf
        frameCount = frames.count
        voicedFrames = frames.filter(\.voiced).count
        speechFrames = frames.filter(\.speech).count
    }
}

extension AnalysisReport.Frame {
    init(_ f: ProsodyFrame) {
        t = rounded(f.t, 3)
        f0Hz = rounded(Double(f.f0Hz), 1)
        voiced = f.voiced
        energyDB = rounded(Double(f.energyDB), 2)
        speech = f.speech
    }
}

extension AnalysisReport.Turn {
    init(_ turn: CallerTurn) {
        index = turn.index
        startSec = rounded(turn.startSec, 3)
        endSec = rounded(turn.endSec, 3)
        prosody = turn.prosody.roundedForReport()
        var e = turn.emotion
        e.arousal = Float(rounded(Double(e.arousal), 3))
        e.confidence = Float(rounded(Double(e.confidence), 3))
        emotion = e
    }
}

extension AnalysisReport.Digit {
    init(_ d: DetectedDigit) {
        t = rounded(d.t, 3)
        digit = String(d.digit)
        durationMs = d.durationMs
    }
}

func rounded(_ x: Double, _ digits: Int) -> Double {
    let scale = [1.0, 10, 100, 1000, 10000][digits]
    return (x * scale).rounded() / scale
}

private func r(_ x: Float?, _ digits: Int = 2) -> Float? { x.map { Float(rounded(Double($0), digits)) } }
private func r(_ x: Float, _ digits: Int = 2) -> Float { Float(rounded(Double(x), digits)) }

extension TurnProsody {
    func roundedForReport() -> TurnProsody {
        var p = self
        p.durationSec = rounded(durationSec, 3)
        p.speechSec = rounded(speechSec, 3)
        p.voicedSec = rounded(voicedSec, 3)
        p.f0MedianHz = r(f0MedianHz, 1)
        p.f0MedianSemitones = r(f0MedianSemitones)
        p.f0RangeSemitones = r(f0RangeSemitones)
        p.f0EndSlopeSemitonesPerSec = r(f0EndSlopeSemitonesPerSec)
        p.energyMeanDBFS = r(energyMeanDBFS)
        p.energyRangeDB = r(energyRangeDB)
        p.pauseRatio = r(pauseRatio, 3)
        p.syllableRatePerSec = r(syllableRatePerSec)
        p.voicedSegmentRatePerSec = r(voicedSegmentRatePerSec)
        if var rel = relative {
            rel.f0MedianDeltaSemitones = r(rel.f0MedianDeltaSemitones)
            rel.f0RangeDeltaSemitones = r(rel.f0RangeDeltaSemitones)
            rel.energyMeanDeltaDB = r(rel.energyMeanDeltaDB)
            rel.energyRangeDeltaDB = r(rel.energyRangeDeltaDB)
            rel.syllableRateChangePercent = r(rel.syllableRateChangePercent, 1)
            rel.pauseRatioDelta = r(rel.pauseRatioDelta, 3)
            p.relative = rel
        }
        return p
    }
}
