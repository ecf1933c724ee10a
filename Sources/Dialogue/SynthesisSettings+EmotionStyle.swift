extension SynthesisSettings {
    /// These settings changed by a style, kept inside espeak-ng's ranges.
    public func applying(_ style: EmotionStyle) -> SynthesisSettings {
        var result = self
        let rate = (Double(rateWPM) * (1 + Double(style.ratePercent) / 100)).rounded()
        result.rateWPM = SynthesisLimits.rateWPM.clamp(Int(rate))
        result.pitch = SynthesisLimits.pitch.clamp(pitch + style.pitchDelta)
        result.pitchRange = SynthesisLimits.pitchRange.clamp(pitchRange + style.pitchRangeDelta)
        result.volume = SynthesisLimits.volume.clamp(volume + style.volumeDelta)
        return result
    }
}

extension ClosedRange where Bound == Int {
    func clamp(_ value: Int) -> Int { Swift.min(Swift.max(value, lowerBound), upperBound) }
}
