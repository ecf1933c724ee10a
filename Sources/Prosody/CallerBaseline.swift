/// A caller's own prosodic baseline, built from their earlier turns in the call.
///
/// Callers differ from each other far more than from themselves (a deep voice is not a calm one),
/// so each turn is also judged against this baseline. Turns are weighted by their speech time;
/// turns with less than `minimumSpeechSec` of speech are too short to characterise a voice.
public struct CallerBaseline: Sendable, Equatable {
    public var minimumSpeechSec: Double = 0.5
    public private(set) var turns = 0
    private var speechWeight: Double = 0
    private var voicedWeight: Double = 0
    private var rateWeight: Double = 0
    private var f0MedianSt: Double = 0, f0RangeSt: Double = 0
    private var energyMean: Double = 0, energyRange: Double = 0
    private var rate: Double = 0, pause: Double = 0

    public init() {}

    /// True once at least one turn long enough to characterise the voice was added.
    public var isEstablished: Bool { turns > 0 }

    public mutating func add(_ p: TurnProsody) {
        guard p.speechSec >= minimumSpeechSec else { return }
        turns += 1
        let w = p.speechSec
        speechWeight += w
        energyMean += w * Double(p.energyMeanDBFS)
        energyRange += w * Double(p.energyRangeDB)
        pause += w * Double(p.pauseRatio)
        if p.syllableRatePerSec > 0 { rateWeight += w; rate += w * Double(p.syllableRatePerSec) }
        if let st = p.f0MedianSemitones, let range = p.f0RangeSemitones {
            let v = p.voicedSec
            voicedWeight += v
            f0MedianSt += v * Double(st)
            f0RangeSt += v * Double(range)
        }
    }

    /// `p` relative to this baseline; nil before the baseline is established.
    public func relative(_ p: TurnProsody) -> RelativeProsody? {
        guard isEstablished else { return nil }
        func mean(_ sum: Double, _ weight: Double) -> Float? { weight > 0 ? Float(sum / weight) : nil }
        let baseRate = mean(rate, rateWeight)
        return RelativeProsody(
            baselineTurns: turns,
            f0MedianDeltaSemitones: zip(p.f0MedianSemitones, mean(f0MedianSt, voicedWeight)).map { $0 - $1 },
            f0RangeDeltaSemitones: zip(p.f0RangeSemitones, mean(f0RangeSt, voicedWeight)).map { $0 - $1 },
            energyMeanDeltaDB: p.energyMeanDBFS - mean(energyMean, speechWeight)!,
            energyRangeDeltaDB: p.energyRangeDB - mean(energyRange, speechWeight)!,
            syllableRateChangePercent: baseRate.flatMap { base in
                base > 0 && p.syllableRatePerSec > 0 ? (p.syllableRatePerSec / base - 1) * 100 : nil
            },
            pauseRatioDelta: p.pauseRatio - mean(pause, speechWeight)!)
    }
}

private func zip<A, B>(_ a: A?, _ b: B?) -> (A, B)? {
    guard let a, let b else { return nil }
    return (a, b)
}
