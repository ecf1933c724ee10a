import Foundation

/// Summarises one turn's frames into `TurnFeatures` (definitions in the README, "Emotion model").
///
/// Runs once per turn, at its end; it allocates (like `TurnProsodyAnalyzer`), the per-hop path
/// does not. Frame-level pitch and loudness perturbation stand in for cycle-level jitter and
/// shimmer, which 8 kHz sampling (125 µs steps against 25–100 µs of real jitter) cannot resolve.
public struct TurnFeatureAnalyzer: Sendable {
    public struct Config: Sendable, Equatable {
        /// Voiced runs shorter than this are not used for slopes (too short to fit a line).
        public var minimumSlopeRunFrames = 5
        /// A run of voiced frames counts as a voiced segment from this length on.
        public var minimumVoicedSegmentFrames = 5
        /// Frame-to-frame jumps above these are tracker or segmentation errors, not perturbation.
        public var maximumPitchStepSt: Float = 3
        public var maximumLevelStepDB: Float = 6
        public var minimumVoicedFrames = 5
        public var endSlopeWindowSec: Double = 0.5
        public var syllables = SyllableCounter.Config()
        /// A frame is active speech when it is within this of the turn's loud frames (95th
        /// percentile of frame levels). Relative, so which frames count does not move with the
        /// line's gain (the speech gate's absolute floor and the VAD's do).
        public var activeRangeDB: Float = 25
        public init() {}
    }

    public let config: Config
    private let syllableCounter: SyllableCounter

    public init(config: Config = .init()) {
        self.config = config
        syllableCounter = SyllableCounter(config: config.syllables)
    }

    /// `frames`' `speech` flags are replaced by a gain-independent activity decision (see
    /// `Config.activeRangeDB`); pauses are the inactive frames between the first and last active one.
    public func features(_ frames: ArraySlice<ProsodyFrame>, hopSec: Double = 0.01) -> TurnFeatures {
        var v = [Float](repeating: .nan, count: TurnFeature.allCases.count)
        func set(_ f: TurnFeature, _ x: Float?) { if let x, x.isFinite { v[f.rawValue] = x } }
        // Levels from the line's audio as received (the 300–3400 Hz level of the spectral frame):
        // the front end's noise suppression is level-dependent, the received audio is not.
        var frames = frames.map { f in
            var g = f
            if let level = f.spectral?.levelDB { g.energyDB = level }
            return g
        }
        // Active speech: loud enough relative to the turn itself; the turn is trimmed to its
        // first and last active frame.
        let loud = Stats.percentile(frames.map(\.energyDB), 95) ?? -120
        for i in frames.indices { frames[i].speech = frames[i].energyDB >= loud - config.activeRangeDB && loud > -100 }
        if let first = frames.firstIndex(where: \.speech), let last = frames.lastIndex(where: \.speech) {
            frames = Array(frames[first...last])
        }
        let speech = frames.filter(\.speech)
        let speechSec = Double(speech.count) * hopSec
        let isVoiced: (ProsodyFrame) -> Bool = { $0.voiced && $0.f0Hz > 0 }
        let voiced = frames.filter(isVoiced)
        let runs = voicedRuns(frames, isVoiced)

        // Pitch
        if voiced.count >= config.minimumVoicedFrames {
            let st = voiced.map { Semitones.fromHz($0.f0Hz) }
            set(.f0Median, Stats.percentile(st, 50))
            set(.f0Peak, Stats.percentile(st, 90))
            set(.f0Range, Stats.percentile(st, 90)! - Stats.percentile(st, 10)!)
            set(.f0Std, standardDeviation(st))
            let (rise, fall) = runSlopes(runs, frames) { Semitones.fromHz($0.f0Hz) }
            set(.f0RiseSlope, rise)
            set(.f0FallSlope, fall)
            set(.f0EndSlope, voiced.endSlopeSemitonesPerSec(windowSec: config.endSlopeWindowSec, minimumFrames: config.minimumVoicedFrames))
            set(.f0Perturbation, meanStep(runs, frames, limit: config.maximumPitchStepSt) { Semitones.fromHz($0.f0Hz) })
        }

        // Level
        let speechDB = speech.map(\.energyDB)
        if !speechDB.isEmpty {
            set(.level, Stats.powerMeanDB(speechDB))
            set(.levelPeak, Stats.percentile(speechDB, 90))
            let voicedDB = speech.filter(isVoiced).map(\.energyDB)
            let unvoicedDB = speech.filter { !isVoiced($0) }.map(\.energyDB)
            if voicedDB.count >= config.minimumVoicedFrames, unvoicedDB.count >= config.minimumVoicedFrames {
                set(.voicedLevelContrast, Stats.powerMeanDB(voicedDB)! - Stats.powerMeanDB(unvoicedDB)!)
            }
            set(.levelRange, Stats.percentile(speechDB, 90)! - Stats.percentile(speechDB, 10)!)
            set(.levelStd, standardDeviation(speechDB))
        }
        if !runs.isEmpty {
            let (rise, fall) = runSlopes(runs, frames, \.energyDB)
            set(.loudnessRiseSlope, rise)
            set(.loudnessFallSlope, fall)
            set(.levelPerturbation, meanStep(runs, frames, limit: config.maximumLevelStepDB, \.energyDB))
        }

        // Spectral balance and voice quality
        let voicedSpectra = voiced.compactMap { $0.speech ? $0.spectral : nil }.filter { $0.levelDB > -100 }
        if voicedSpectra.count >= config.minimumVoicedFrames {
            set(.alphaRatio, mean(voicedSpectra.map(\.alphaRatioDB)))
            set(.alphaRatioStd, standardDeviation(voicedSpectra.map(\.alphaRatioDB)))
            set(.hammarberg, mean(voicedSpectra.map(\.hammarbergDB)))
            set(.hammarbergStd, standardDeviation(voicedSpectra.map(\.hammarbergDB)))
            set(.spectralSlope, mean(voicedSpectra.map(\.slopeDBPerKHz)))
            set(.spectralSlopeLow, mean(voicedSpectra.map(\.slopeLowDBPerKHz)))
            let shape = voicedSpectra.reduce(SIMD4<Float>(repeating: 0)) { $0 + $1.bandShapeDB } / Float(voicedSpectra.count)
            set(.band300to700, shape[0])
            set(.band700to1300, shape[1])
            set(.band1300to2200, shape[2])
            set(.band2200to3400, shape[3])
            let cepstrum = voicedSpectra.reduce(SIMD4<Float>(repeating: 0)) { $0 + $1.cepstrum } / Float(voicedSpectra.count)
            set(.mfcc1, cepstrum[0])
            set(.mfcc2, cepstrum[1])
            set(.mfcc3, cepstrum[2])
            set(.mfcc4, cepstrum[3])
            set(.hnr, Stats.percentile(voicedSpectra.map(\.hnrDB), 50))
        }
        let unvoicedSpectra = speech.filter { !isVoiced($0) }.compactMap(\.spectral).filter { $0.levelDB > -100 }
        if unvoicedSpectra.count >= config.minimumVoicedFrames {
            set(.alphaRatioUnvoiced, mean(unvoicedSpectra.map(\.alphaRatioDB)))
        }
        let speechSpectra = speech.compactMap(\.spectral)
        if !speechSpectra.isEmpty { set(.spectralFlux, mean(speechSpectra.map(\.fluxDB))) }

        // Timing
        if speechSec > 0 {
            let voicedSpeech = speech.filter(isVoiced).count
            set(.voicedRatio, Float(voicedSpeech) / Float(speech.count))
            let segments = runs.filter { $0.count >= config.minimumVoicedSegmentFrames }
            set(.voicedSegmentRate, Float(Double(segments.count) / speechSec))
            if !segments.isEmpty {
                set(.voicedSegmentMeanSec, Float(Double(segments.map(\.count).reduce(0, +)) / Double(segments.count) * hopSec))
            }
            set(.unvoicedSegmentMeanSec, unvoicedSpeechRunMeanSec(frames, isVoiced, hopSec: hopSec))
            let nuclei = syllableCounter.nuclei(energyDB: frames.map(\.energyDB), voiced: frames.map(\.voiced))
            set(.syllableRate, Float(Double(nuclei.count) / speechSec))
        }
        if !frames.isEmpty { set(.pauseRatio, Float(frames.count - speech.count) / Float(frames.count)) }
        return TurnFeatures(values: v, speechSec: speechSec)
    }

    // MARK: - Helpers

    private func voicedRuns(_ frames: [ProsodyFrame], _ isVoiced: (ProsodyFrame) -> Bool) -> [Range<Int>] {
        var runs: [Range<Int>] = []
        var start: Int?
        for (i, f) in frames.enumerated() {
            if isVoiced(f) { if start == nil { start = i } } else if let s = start { runs.append(s..<i); start = nil }
        }
        if let s = start { runs.append(s..<frames.count) }
        return runs
    }

    /// Mean least-squares slope (per second) of `value` over voiced runs, rising and falling
    /// runs apart (weighted by run length; falling as a positive magnitude). nil when none.
    private func runSlopes(_ runs: [Range<Int>], _ frames: [ProsodyFrame],
                           _ value: (ProsodyFrame) -> Float) -> (rise: Float?, fall: Float?) {
        var rise: Float = 0, riseW: Float = 0, fall: Float = 0, fallW: Float = 0
        for run in runs where run.count >= config.minimumSlopeRunFrames {
            let x = run.map { Float(frames[$0].t - frames[run.lowerBound].t) }
            guard let s = Stats.slope(x: x, y: run.map { value(frames[$0]) }) else { continue }
            let w = Float(run.count)
            if s >= 0 { rise += w * s; riseW += w } else { fall -= w * s; fallW += w }
        }
        return (riseW > 0 ? rise / riseW : nil, fallW > 0 ? fall / fallW : nil)
    }

    /// Mean absolute frame-to-frame step of `value` inside voiced runs, steps above `limit` left out.
    private func meanStep(_ runs: [Range<Int>], _ frames: [ProsodyFrame], limit: Float,
                          _ value: (ProsodyFrame) -> Float) -> Float? {
        var sum: Float = 0, n = 0
        for run in runs where run.count >= 2 {
            for i in (run.lowerBound + 1)..<run.upperBound {
                let step = abs(value(frames[i]) - value(frames[i - 1]))
                if step <= limit { sum += step; n += 1 }
            }
        }
        return n > 0 ? sum / Float(n) : nil
    }

    private func unvoicedSpeechRunMeanSec(_ frames: [ProsodyFrame], _ isVoiced: (ProsodyFrame) -> Bool,
                                          hopSec: Double) -> Float? {
        var total = 0, count = 0, run = 0
        for f in frames {
            if f.speech && !isVoiced(f) { run += 1 } else if run > 0 { total += run; count += 1; run = 0 }
        }
        if run > 0 { total += run; count += 1 }
        return count > 0 ? Float(Double(total) / Double(count) * hopSec) : nil
    }

    private func mean(_ x: [Float]) -> Float? { x.isEmpty ? nil : x.reduce(0, +) / Float(x.count) }

    private func standardDeviation(_ x: [Float]) -> Float? {
        guard x.count >= 2, let m = mean(x) else { return nil }
        return (x.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Float(x.count - 1)).squareRoot()
    }
}
