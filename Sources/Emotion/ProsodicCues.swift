import Prosody

/// A turn's prosody as a few unit-free cues (≈ ±1 for a clear departure from the reference),
/// each with the words that explain it. The reference is the caller's own baseline when there
/// is one, population priors otherwise.
struct ProsodicCues {
    enum Cue: Int, CaseIterable { case pitch, loudness, pace, range, pauses, endRise }

    // Arrays indexed by `Cue.rawValue`, not dictionaries: iteration order must be fixed so that
    // sums (and so estimates) are bit-for-bit deterministic.
    private(set) var values = [Float?](repeating: nil, count: Cue.allCases.count)
    private(set) var explanations = [String?](repeating: nil, count: Cue.allCases.count)
    let relativeToCaller: Bool

    /// Scales: what counts as "one unit" of each cue. Set from real read speech (codec2 and
    /// LibriVox recordings through the pipeline): a calm speaker's sentences differ from each
    /// other by up to ~4 st in median pitch, ~25 % in pace and ~4 dB in level, and statements
    /// end falling by 15–50 st/s — so those amounts are one unit, not an emotion.
    struct Scales {
        var pitchSemitones: Float = 4
        var loudnessDB: Float = 6
        var pacePercent: Float = 25
        var rangeSemitones: Float = 4
        var pauseRatio: Float = 0.15
        var endSlopeSemitonesPerSec: Float = 40
    }

    /// Population priors for a first turn (read speech through the pipeline, telephone band:
    /// pitch range 5–9 st, level range over speech frames 24–29 dB, 4.5–5 syllables/s).
    struct Priors {
        var rangeSemitones: Float = 7
        var syllablesPerSec: Float = 4.7
        var pauseRatio: Float = 0.15
        var energyRangeDB: Float = 26
    }

    init(_ p: TurnProsody, scales s: Scales = .init(), priors: Priors = .init()) {
        relativeToCaller = p.relative != nil
        if let r = p.relative {
            let ref = "your baseline"
            if let d = r.f0MedianDeltaSemitones {
                set(.pitch, d / s.pitchSemitones, "pitch \(signed(d, 1)) st \(d >= 0 ? "above" : "below") \(ref)")
            }
            set(.loudness, r.energyMeanDeltaDB / s.loudnessDB,
                "\(signed(r.energyMeanDeltaDB, 0)) dB \(r.energyMeanDeltaDB >= 0 ? "louder" : "quieter") than \(ref)")
            if let pct = r.syllableRateChangePercent {
                set(.pace, pct / s.pacePercent, "\(Int(abs(pct).rounded())) % \(pct >= 0 ? "faster" : "slower") than \(ref)")
            }
            if let d = r.f0RangeDeltaSemitones {
                set(.range, d / s.rangeSemitones, "pitch range \(signed(d, 1)) st \(d >= 0 ? "wider" : "narrower") than \(ref)")
            }
            set(.pauses, r.pauseRatioDelta / s.pauseRatio,
                "\(signed(r.pauseRatioDelta * 100, 0)) points of pauses vs \(ref)")
        } else {
            let ref = "typical"
            if let range = p.f0RangeSemitones {
                set(.range, (range - priors.rangeSemitones) / s.rangeSemitones,
                    "pitch range \(fixed(range, 1)) st (\(ref) \(fixed(priors.rangeSemitones, 0)))")
            }
            if p.syllableRatePerSec > 0 {
                let pct = (p.syllableRatePerSec / priors.syllablesPerSec - 1) * 100
                set(.pace, pct / s.pacePercent,
                    "\(fixed(p.syllableRatePerSec, 1)) syllables/s (\(ref) \(fixed(priors.syllablesPerSec, 1)))")
            }
            set(.loudness, (p.energyRangeDB - priors.energyRangeDB) / s.loudnessDB,
                "loudness varies over \(fixed(p.energyRangeDB, 0)) dB (\(ref) \(fixed(priors.energyRangeDB, 0)))")
            set(.pauses, (p.pauseRatio - priors.pauseRatio) / s.pauseRatio,
                "\(Int((p.pauseRatio * 100).rounded())) % pauses (\(ref) \(Int(priors.pauseRatio * 100)))")
        }
        if let slope = p.f0EndSlopeSemitonesPerSec {
            set(.endRise, slope / s.endSlopeSemitonesPerSec,
                "pitch \(slope >= 0 ? "rises" : "falls") at the end (\(signed(slope, 1)) st/s)")
        }
    }

    subscript(_ cue: Cue) -> Float { values[cue.rawValue] ?? 0 }
    func measured(_ cue: Cue) -> Bool { values[cue.rawValue] != nil }
    func explanation(_ cue: Cue) -> String? { explanations[cue.rawValue] }

    private mutating func set(_ cue: Cue, _ value: Float, _ words: String) {
        values[cue.rawValue] = max(-3, min(3, value))  // one wild measurement must not dominate
        explanations[cue.rawValue] = words
    }
}

func fixed(_ x: Float, _ digits: Int) -> String {
    let scale: Float = digits == 0 ? 1 : (digits == 1 ? 10 : 100)
    let v = (x * scale).rounded() / scale
    return digits == 0 ? String(Int(v)) : String(v == 0 ? 0 : v)
}

func signed(_ x: Float, _ digits: Int) -> String {
    let s = fixed(x, digits)
    return s.hasPrefix("-") ? s : "+" + s
}
