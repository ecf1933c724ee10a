import DSPCore

/// Settings of `PitchTracker`. The window, candidate and path parameters mirror Praat's
/// "To Pitch (ac)" (Boersma 1993) with a 60–500 Hz range; the voicing threshold, silence
/// threshold and path costs are tuned, one setting for all speakers, so that the tracker on
/// telephone-band audio agrees with Praat on the wideband originals
/// (audio-fixtures/pitch-reference; Praat's defaults are 0.45, 0.03, 0.35 and 0.14).
public struct PitchTrackerConfig: Sendable, Equatable {
    /// 8000 or 16000 (the pipeline rates); any rate from 8 kHz up with a whole 10 ms hop works.
    public var sampleRateHz: Int
    /// Lowest F0 searched; also sets the analysis window (`periodsPerWindow` periods of it).
    public var minF0Hz: Float = 60
    /// Highest F0 searched.
    public var maxF0Hz: Float = 500
    /// Window length in periods of `minF0Hz` (3 → 50 ms at 60 Hz, as Praat's ac method).
    public var periodsPerWindow: Float = 3
    /// The autocorrelation is evaluated on a lag grid at least this fine (band-limited upsampling
    /// through the FFT), so peaks between samples keep their height at 8 kHz.
    public var correlationRateHz: Int = 16000
    /// Candidate periods come from the autocorrelation of the power spectrum raised to this power
    /// (voicing always from the ordinary one). 1 is Praat's ordinary autocorrelation; below 1
    /// flattens the spectrum so that no single strong harmonic (common once the telephone band has
    /// cut the fundamental) makes a multiple of F0 look as periodic as F0 itself.
    public var candidateSpectrumExponent: Float = 0.5
    /// Spectrum bins more than this far below the frame's strongest (as a power ratio) are not
    /// lifted by the flattening, so noise and aliasing products stay small.
    public var candidateSpectrumFloorRatio: Float = 3e-4
    /// Candidates kept per frame, the unvoiced one included.
    public var maxCandidates: Int = 15
    /// Normalised autocorrelation (0…1) a frame needs to beat the unvoiced candidate.
    public var voicingThreshold: Float = 0.40
    /// Frames whose peak is below this ratio of the recent loudest peak count as silent.
    public var silenceThresholdRatio: Float = 0.015
    /// Score bonus per octave for higher candidates (counters sub-harmonic picks).
    public var octaveCostPerOctave: Float = 0.01
    /// Path cost per octave of F0 change between consecutive 10 ms frames (against octave jumps).
    public var octaveJumpCostPerOctave: Float = 0.5
    /// Path cost of a voiced ↔ unvoiced change between consecutive frames.
    public var voicedUnvoicedCost: Float = 0.2
    /// Frames the path search looks ahead before an estimate becomes final (10 ms each).
    public var pathLookaheadHops: Int = 10
    /// Loudness reference before any speech was heard (peak amplitude in dBFS).
    public var initialPeakReferenceDBFS: Float = -20
    /// How fast the loudest-peak reference forgets a loud moment.
    public var peakReferenceDecayDBPerSec: Float = 1

    /// FFTW planning for this tracker's sizes (planned once per process, see `FFTPlanCache`).
    /// Measured here: `.measure` stalls the first tracker ≈ 1 s (sizes 1024–4096) and runs no
    /// faster than `.estimate` at these sizes, so `.estimate` is the default.
    public var fftPlanningEffort: FFTPlanningEffort = .estimate

    public init(sampleRateHz: Int) {
        self.sampleRateHz = sampleRateHz
    }

    /// Samples per 10 ms hop.
    public var hopSamples: Int { sampleRateHz / 100 }
}

/// One 10 ms frame's pitch.
public struct PitchEstimate: Sendable, Equatable {
    /// Fundamental frequency in Hz; 0 when unvoiced.
    public var f0Hz: Float
    public var voiced: Bool
    /// 0…1: the normalised autocorrelation of the frame's strongest periodicity candidate
    /// (reported for unvoiced frames too, so a caller can see how nearly voiced they were).
    public var periodicity: Float

    public init(f0Hz: Float, voiced: Bool, periodicity: Float) {
        self.f0Hz = f0Hz
        self.voiced = voiced
        self.periodicity = periodicity
    }

    public static let unvoiced = PitchEstimate(f0Hz: 0, voiced: false, periodicity: 0)
}

/// Errors from the Prosody module.
public enum ProsodyError: Error, Equatable, CustomStringConvertible {
    case invalidPitchConfig(String)

    public var description: String {
        switch self {
        case .invalidPitchConfig(let why): return "invalid PitchTrackerConfig: \(why)"
        }
    }
}

extension PitchTrackerConfig {
    func validated() throws -> PitchTrackerConfig {
        func fail(_ why: String) -> ProsodyError { .invalidPitchConfig(why) }
        guard sampleRateHz >= 8000, sampleRateHz % 100 == 0 else {
            throw fail("sampleRateHz \(sampleRateHz) must be ≥ 8000 and a multiple of 100 (8000 or 16000)")
        }
        guard minF0Hz >= 20, maxF0Hz > minF0Hz, maxF0Hz <= Float(sampleRateHz) / 4 else {
            throw fail("need 20 ≤ minF0Hz (\(minF0Hz)) < maxF0Hz (\(maxF0Hz)) ≤ sampleRateHz/4")
        }
        guard periodsPerWindow >= 1.5, periodsPerWindow <= 8 else {
            throw fail("periodsPerWindow \(periodsPerWindow) must be in 1.5…8 (3 is usual)")
        }
        guard maxCandidates >= 2 else { throw fail("maxCandidates \(maxCandidates) must be ≥ 2") }
        guard pathLookaheadHops >= 0, pathLookaheadHops <= 100 else {
            throw fail("pathLookaheadHops \(pathLookaheadHops) must be in 0…100")
        }
        guard silenceThresholdRatio >= 0, voicingThreshold > 0, voicingThreshold < 1 else {
            throw fail("need silenceThresholdRatio ≥ 0 and 0 < voicingThreshold < 1")
        }
        return self
    }
}
