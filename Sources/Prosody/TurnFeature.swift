/// The per-turn voice features the emotion model reads, in a fixed order (the model's columns).
///
/// All are computed by our own pipeline (`TurnFeatureAnalyzer` over `ProsodyFrame`s). None
/// depends on the line's gain: pitch is in semitones, levels are differences, spectral measures
/// are ratios inside 300–3400 Hz. The one absolute measure, `level`, is only ever used relative
/// to the caller's baseline (`requiresBaseline`), where a constant line gain cancels.
/// Renaming or reordering cases changes the model's columns: bump `TurnFeature.version`.
public enum TurnFeature: Int, CaseIterable, Sendable, Codable {
    // Pitch (voiced frames, semitones re 100 Hz)
    case f0Median, f0Peak, f0Range, f0Std, f0RiseSlope, f0FallSlope, f0EndSlope, f0Perturbation
    // Level (speech frames, dB)
    case level, levelPeak, levelRange, levelStd, loudnessRiseSlope, loudnessFallSlope, levelPerturbation, voicedLevelContrast
    // Spectral balance and voice quality (voiced frames unless said otherwise)
    case alphaRatio, alphaRatioStd, alphaRatioUnvoiced, hammarberg, hammarbergStd, spectralSlope, spectralSlopeLow
    case band300to700, band700to1300, band1300to2200, band2200to3400, mfcc1, mfcc2, mfcc3, mfcc4, spectralFlux, hnr
    // Timing
    case voicedRatio, voicedSegmentRate, voicedSegmentMeanSec, unvoicedSegmentMeanSec, pauseRatio, syllableRate

    /// Version of the feature definitions; a model trained on another version is refused.
    public static let version = 2

    /// Stable column name (JSON, CSV).
    public var name: String { Self.names[rawValue] }

    private static let names = allCases.map { String(describing: $0) }

    /// True for measures that only mean something against the same caller's earlier turns.
    /// `level` is absolute (it moves with the line's gain); `f0Median` separates men from women
    /// more than calm from excited, so without a baseline it would judge the voice, not the state.
    public var requiresBaseline: Bool {
        switch self {
        case .level, .levelPeak, .f0Median, .f0Peak: return true
        default: return false
        }
    }

    /// Unit of the raw value.
    public var unit: String {
        switch self {
        case .f0Median, .f0Peak, .f0Range, .f0Std, .f0Perturbation: return "st"
        case .f0RiseSlope, .f0FallSlope, .f0EndSlope: return "st/s"
        case .level, .levelPeak, .levelRange, .levelStd, .levelPerturbation, .voicedLevelContrast, .alphaRatio,
             .alphaRatioStd, .alphaRatioUnvoiced, .hammarberg, .hammarbergStd, .band300to700, .band700to1300,
             .band1300to2200, .band2200to3400, .mfcc1, .mfcc2, .mfcc3, .mfcc4, .spectralFlux, .hnr: return "dB"
        case .loudnessRiseSlope, .loudnessFallSlope: return "dB/s"
        case .spectralSlope, .spectralSlopeLow: return "dB/kHz"
        case .voicedRatio, .pauseRatio: return ""
        case .voicedSegmentRate, .syllableRate: return "/s"
        case .voicedSegmentMeanSec, .unvoicedSegmentMeanSec: return "s"
        }
    }

    /// What a QA engineer reads in a reason ("pitch range … wider than your usual").
    public var phrase: String {
        switch self {
        case .f0Median: return "pitch"
        case .f0Peak: return "pitch peaks"
        case .f0Range: return "pitch range"
        case .f0Std: return "pitch variation"
        case .f0RiseSlope: return "steepness of pitch rises"
        case .f0FallSlope: return "steepness of pitch falls"
        case .f0EndSlope: return "pitch movement at the end"
        case .f0Perturbation: return "pitch unsteadiness"
        case .level: return "loudness"
        case .levelPeak: return "loudness peaks"
        case .levelRange: return "loudness range"
        case .levelStd: return "loudness variation"
        case .loudnessRiseSlope: return "sharpness of loudness onsets"
        case .loudnessFallSlope: return "sharpness of loudness decays"
        case .levelPerturbation: return "loudness unsteadiness"
        case .voicedLevelContrast: return "loudness of vowels over consonants"
        case .alphaRatio: return "vocal effort: high over low frequencies (alpha ratio)"
        case .alphaRatioStd: return "variation of vocal effort (alpha ratio)"
        case .alphaRatioUnvoiced: return "hiss in consonants (alpha ratio of unvoiced sounds)"
        case .hammarberg: return "voice softness: strongest low over high harmonics (Hammarberg index)"
        case .hammarbergStd: return "variation of voice softness (Hammarberg index)"
        case .spectralSlope: return "how fast the voice's high frequencies fade (spectral slope)"
        case .spectralSlopeLow: return "how fast the voice fades from 300 Hz to 1.5 kHz (spectral slope)"
        case .band300to700: return "low, chesty resonance (share of energy at 300–700 Hz)"
        case .band700to1300: return "open-vowel resonance (share of energy at 700–1300 Hz)"
        case .band1300to2200: return "brightness (share of energy at 1.3–2.2 kHz)"
        case .band2200to3400: return "edge or sharpness (share of energy at 2.2–3.4 kHz)"
        case .mfcc1: return "darkness of the voice's tone colour (MFCC 1)"
        case .mfcc2: return "tone colour, broad shape (MFCC 2)"
        case .mfcc3: return "tone colour, finer shape (MFCC 3)"
        case .mfcc4: return "tone colour, finest shape (MFCC 4)"
        case .spectralFlux: return "how fast the sound changes (spectral flux)"
        case .hnr: return "voice clarity, the opposite of breathiness or hoarseness (harmonics-to-noise)"
        case .voicedRatio: return "share of speech that is voiced"
        case .voicedSegmentRate: return "voiced stretches per second"
        case .voicedSegmentMeanSec: return "length of voiced stretches"
        case .unvoicedSegmentMeanSec: return "length of unvoiced stretches (consonants, breaths)"
        case .pauseRatio: return "pauses"
        case .syllableRate: return "speaking rate"
        }
    }
}

/// One turn's feature values, indexed by `TurnFeature.rawValue`. NaN marks a feature the turn
/// could not measure (e.g. pitch in a turn with almost no voicing); the model then uses its
/// reference value, so the feature contributes nothing.
public struct TurnFeatures: Sendable, Equatable, Codable {
    public var values: [Float]
    /// Speech time the features were measured on (baselines weight turns by it).
    public var speechSec: Double

    public init(values: [Float], speechSec: Double) {
        precondition(values.count == TurnFeature.allCases.count)
        self.values = values
        self.speechSec = speechSec
    }

    public subscript(_ f: TurnFeature) -> Float {
        get { values[f.rawValue] }
        set { values[f.rawValue] = newValue }
    }

    public static func == (a: TurnFeatures, b: TurnFeatures) -> Bool {
        a.speechSec == b.speechSec && zip(a.values, b.values).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) }
    }
}
