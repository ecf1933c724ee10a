/// Speaking-rate proxy: counts syllable nuclei as peaks of the smoothed energy contour, after
/// de Jong & Wempe (2009, "Praat script to detect syllable nuclei"): a nucleus is a voiced
/// local maximum that stands at least `minimumDipDB` above the dip separating it from the
/// previous nucleus and no more than `maximumBelowTurnPeakDB` below the turn's loudest frame.
public struct SyllableCounter: Sendable {
    public struct Config: Sendable, Equatable, Codable {
        public var minimumDipDB: Float = 2
        public var maximumBelowTurnPeakDB: Float = 25
        /// Energy smoothing window, in frames (3 × 10 ms ≈ the 30 ms of a short vowel).
        public var smoothingFrames: Int = 3
        public init() {}
    }

    public let config: Config
    public init(config: Config = .init()) { self.config = config }

    /// Frame indices of the nuclei found among `energyDB` (one value per 10 ms frame).
    public func nuclei(energyDB: [Float], voiced: [Bool]) -> [Int] {
        precondition(energyDB.count == voiced.count)
        guard energyDB.count >= 3, let loudest = energyDB.max() else { return [] }
        let smooth = smoothed(energyDB)
        let floor = loudest - config.maximumBelowTurnPeakDB
        var peaks: [Int] = []
        var dipSincePeak = Float.infinity  // lowest point since the last accepted nucleus
        var lastPeakLevel: Float?
        for i in 1..<(smooth.count - 1) {
            dipSincePeak = min(dipSincePeak, smooth[i])
            let isMax = smooth[i] >= smooth[i - 1] && smooth[i] > smooth[i + 1]
            guard isMax, voiced[i], smooth[i] >= floor else { continue }
            if let last = lastPeakLevel {
                // Needs a dip both after the previous nucleus and before this one.
                guard smooth[i] - dipSincePeak >= config.minimumDipDB,
                      last - dipSincePeak >= config.minimumDipDB else {
                    // Same syllable: keep the higher of the two as its nucleus.
                    if smooth[i] > last {
                        peaks[peaks.count - 1] = i
                        lastPeakLevel = smooth[i]
                        dipSincePeak = smooth[i]
                    }
                    continue
                }
            }
            peaks.append(i)
            lastPeakLevel = smooth[i]
            dipSincePeak = smooth[i]
        }
        return peaks
    }

    private func smoothed(_ x: [Float]) -> [Float] {
        let half = config.smoothingFrames / 2
        guard half > 0 else { return x }
        return x.indices.map { i in
            let lo = max(0, i - half), hi = min(x.count - 1, i + half)
            var sum: Float = 0
            for j in lo...hi { sum += x[j] }
            return sum / Float(hi - lo + 1)
        }
    }
}
