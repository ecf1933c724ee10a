import Foundation

extension AnalysisReport {
    /// A readable per-turn summary (what `ivr analyze --format text` prints).
    public func textSummary() -> String {
        var lines: [String] = []
        let channel = source.channel.map { "channel \($0) of \(source.channels)" } ?? "\(source.channels) channels mixed"
        lines.append("\(file): \(fmt(durationSec, 2)) s, \(source.format) at \(source.sampleRateHz) Hz (\(channel)); "
            + "analysed at \(sampleRateHz) Hz")
        lines.append("\(frameCount) frames of \(hopMs) ms: \(pct(speechFrames, frameCount)) speech, "
            + "\(pct(voicedFrames, frameCount)) voiced; \(turns.count) caller turn\(turns.count == 1 ? "" : "s"), "
            + "\(dtmf.count) DTMF digit\(dtmf.count == 1 ? "" : "s")")
        if source.nonFiniteSamples > 0 || source.clippedSamples > 0 {
            lines.append("cleaned: \(source.nonFiniteSamples) NaN/infinite sample\(source.nonFiniteSamples == 1 ? "" : "s") "
                + "replaced (NaN → 0, ±inf → ±1), \(source.clippedSamples) beyond full scale clipped")
        }
        for turn in turns {
            lines.append("")
            lines.append(turn.textSummary())
        }
        if !dtmf.isEmpty {
            lines.append("")
            lines.append("DTMF: " + dtmf.map { "\($0.digit) at \(fmt($0.t, 2)) s" }.joined(separator: ", "))
        }
        return lines.joined(separator: "\n")
    }

    private func pct(_ n: Int, _ total: Int) -> String {
        total == 0 ? "0 %" : "\(Int((Double(n) * 100 / Double(total)).rounded())) %"
    }
}

extension AnalysisReport.Turn {
    func textSummary() -> String {
        let p = prosody
        var out = "Turn \(index)  \(fmt(startSec, 2))–\(fmt(endSec, 2)) s  \(emotion.label.rawValue.uppercased())"
            + "  (arousal \(signedFmt(Double(emotion.arousal), 2)), confidence \(fmt(Double(emotion.confidence), 2)))"
        var pitch = "pitch: unvoiced"
        if let median = p.f0MedianHz, let range = p.f0RangeSemitones {
            pitch = "pitch: median \(fmt(Double(median), 0)) Hz, range \(fmt(Double(range), 1)) st"
            if let slope = p.f0EndSlopeSemitonesPerSec { pitch += ", end \(signedFmt(Double(slope), 1)) st/s" }
        }
        out += "\n  \(pitch)"
        out += "\n  energy: \(fmt(Double(p.energyMeanDBFS), 1)) dBFS, range \(fmt(Double(p.energyRangeDB), 1)) dB;"
            + " pauses \(Int((p.pauseRatio * 100).rounded())) %; rate \(fmt(Double(p.syllableRatePerSec), 1)) syllables/s"
        if let rel = p.relative {
            var parts: [String] = []
            if let d = rel.f0MedianDeltaSemitones { parts.append("pitch \(signedFmt(Double(d), 1)) st") }
            parts.append("energy \(signedFmt(Double(rel.energyMeanDeltaDB), 1)) dB")
            if let pct = rel.syllableRateChangePercent { parts.append("rate \(signedFmt(Double(pct), 0)) %") }
            out += "\n  vs baseline (\(rel.baselineTurns) turn\(rel.baselineTurns == 1 ? "" : "s")): " + parts.joined(separator: ", ")
        }
        out += "\n  why: " + emotion.reasons.joined(separator: "; ")
        return out
    }
}

func fmt(_ x: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", x) }
func signedFmt(_ x: Double, _ digits: Int) -> String { String(format: "%+.\(digits)f", x) }
