import Foundation
import Prosody

/// One point of an F0 track: the centre time of a frame and its F0 (0 = unvoiced).
public struct PitchTrackPoint: Sendable, Equatable {
    public var timeSec: Double
    public var f0Hz: Float

    public init(timeSec: Double, f0Hz: Float) {
        self.timeSec = timeSec
        self.f0Hz = f0Hz
    }

    public var voiced: Bool { f0Hz > 0 }
}

/// Frame counts from comparing an F0 track with a reference; they add up over files and speakers.
public struct PitchComparison: Sendable, Equatable {
    /// Reference frames that found an estimate frame close enough in time.
    public var frames = 0
    /// Of those, frames both tracks call voiced.
    public var bothVoiced = 0
    /// Both-voiced frames with |f0 − f0_ref| > `grossErrorRatio` × f0_ref.
    public var grossPitchErrors = 0
    /// Frames whose voicing decisions differ.
    public var voicingErrors = 0

    public init() {}

    /// Gross pitch error rate: share of both-voiced frames off by more than the ratio (0 if none).
    public var grossPitchErrorRate: Double { bothVoiced > 0 ? Double(grossPitchErrors) / Double(bothVoiced) : 0 }
    /// Voicing decision error rate: share of all compared frames whose voicing differs.
    public var voicingDecisionErrorRate: Double { frames > 0 ? Double(voicingErrors) / Double(frames) : 0 }

    public static func + (a: PitchComparison, b: PitchComparison) -> PitchComparison {
        var sum = a
        sum.frames += b.frames
        sum.bothVoiced += b.bothVoiced
        sum.grossPitchErrors += b.grossPitchErrors
        sum.voicingErrors += b.voicingErrors
        return sum
    }
}

/// GPE and VDE between two F0 tracks (the usual pitch-tracker metrics, e.g. Nakatani et al.).
///
/// Alignment: every reference frame is paired with the estimate frame whose centre time is
/// nearest; a reference frame with no estimate frame within `maxTimeOffsetSec` (past either end
/// of the estimate) is left out. Both tracks must be sorted by time. The function takes any two
/// tracks, so the same code scores the bare tracker and the whole analysis pipeline.
public enum PitchEvaluation {
    public static func compare(reference: [PitchTrackPoint], estimate: [PitchTrackPoint],
                               grossErrorRatio: Float = 0.2, maxTimeOffsetSec: Double = 0.005 + 1e-6) -> PitchComparison {
        var result = PitchComparison()
        guard !estimate.isEmpty else { return result }
        var j = 0
        for ref in reference {
            while j + 1 < estimate.count,
                  abs(estimate[j + 1].timeSec - ref.timeSec) <= abs(estimate[j].timeSec - ref.timeSec) {
                j += 1
            }
            let est = estimate[j]
            guard abs(est.timeSec - ref.timeSec) <= maxTimeOffsetSec else { continue }
            result.frames += 1
            if ref.voiced != est.voiced { result.voicingErrors += 1 }
            if ref.voiced && est.voiced {
                result.bothVoiced += 1
                if abs(est.f0Hz - ref.f0Hz) > grossErrorRatio * ref.f0Hz { result.grossPitchErrors += 1 }
            }
        }
        return result
    }

    /// A tracker's estimates as a track: estimate k is centred at (k + 0.5) × hop.
    public static func track(_ estimates: [PitchEstimate], hopSec: Double = 0.01) -> [PitchTrackPoint] {
        estimates.enumerated().map { k, e in
            PitchTrackPoint(timeSec: (Double(k) + 0.5) * hopSec, f0Hz: e.voiced ? e.f0Hz : 0)
        }
    }

    /// Parses a text track: one "time_s f0_hz" pair per line (f0 0 = unvoiced); blank lines and
    /// lines starting with `#` are skipped.
    public static func parseTrack(_ text: String) throws -> [PitchTrackPoint] {
        var points: [PitchTrackPoint] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            let fields = trimmed.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard fields.count == 2, let t = Double(fields[0]), let f = Float(fields[1]), f >= 0 else {
                throw PitchTrackParseError(line: index + 1, text: String(line))
            }
            points.append(PitchTrackPoint(timeSec: t, f0Hz: f))
        }
        return points
    }
}

public struct PitchTrackParseError: Error, CustomStringConvertible {
    public var line: Int
    public var text: String
    public var description: String {
        "line \(line): expected \"time_s f0_hz\" (two numbers, f0 ≥ 0, 0 = unvoiced), got \"\(text)\""
    }
}

extension PitchComparison {
    /// A Markdown table of per-speaker figures (for reports and closing notes).
    public static func markdownTable(_ rows: [(speaker: String, sex: String, comparison: PitchComparison)]) -> String {
        func percent(_ x: Double) -> String { String(format: "%.2f %%", x * 100) }
        var lines = ["| speaker | sex | frames | both voiced | GPE | VDE |", "|---|---|---:|---:|---:|---:|"]
        for (speaker, sex, c) in rows {
            lines.append("| \(speaker) | \(sex) | \(c.frames) | \(c.bothVoiced) | \(percent(c.grossPitchErrorRate)) | \(percent(c.voicingDecisionErrorRate)) |")
        }
        return lines.joined(separator: "\n")
    }
}
