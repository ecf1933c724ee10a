import AudioCore
import Emotion
import Prosody

/// The call protocol (issue 11): a caller's first turns are usually calm and the emotion comes
/// later, so each labelled utterance is judged as turn 3 of a call whose turns 1–2 are two
/// *neutral* utterances of the same speaker on the same line (drawn with a fixed seed, never the
/// target itself). Training reads its relative-mode examples the same way.
public enum CallProtocol {
    /// Turns before the target.
    public static let earlierTurns = 2

    /// One call: the target row and the baseline mean of its earlier turns.
    public struct Call: Sendable {
        public var target: Int
        public var earlier: [Int]
        public var reference: [Float]
    }

    /// `perTarget` calls for every labelled row whose caller has at least `earlierTurns` other
    /// neutral rows, in row order. Deterministic for a given `seed`.
    public static func calls(_ rows: [FeatureRow], seed: UInt64, perTarget: Int = 1) -> [Call] {
        var neutral: [String: [Int]] = [:]
        for (i, r) in rows.enumerated() where r.item.label == .neutral { neutral[r.caller, default: []].append(i) }
        var rng = SplitMix64(seed: seed)
        var out: [Call] = []
        for (i, r) in rows.enumerated() where r.item.label != nil {
            let pool = (neutral[r.caller] ?? []).filter { $0 != i }
            guard pool.count >= earlierTurns else { continue }
            for _ in 0..<perTarget {
                var picked: [Int] = []
                while picked.count < earlierTurns {
                    let j = pool[Int(rng.next() % UInt64(pool.count))]
                    if !picked.contains(j) { picked.append(j) }
                }
                var b = VoiceBaseline(minimumTurns: earlierTurns)
                for j in picked { b.add(rows[j].features) }
                guard b.isEstablished else { continue }
                out.append(Call(target: i, earlier: picked, reference: b.mean))
            }
        }
        return out
    }

    /// Sample weights that give every corpus the same total and, within a corpus, every class
    /// the same total (`keys[i]` = (corpus, class)); they sum to the number of samples.
    public static func balancedWeights(corpus: [String], label: [Int]) -> [Double] {
        var counts: [String: Int] = [:]
        for (c, y) in zip(corpus, label) { counts["\(c)|\(y)", default: 0] += 1 }
        var classesPerCorpus: [String: Int] = [:]
        for key in counts.keys { classesPerCorpus[String(key.split(separator: "|", omittingEmptySubsequences: false)[0]), default: 0] += 1 }
        let corpora = Double(classesPerCorpus.count), n = Double(label.count)
        return zip(corpus, label).map { c, y in
            n / (corpora * Double(classesPerCorpus[c]!) * Double(counts["\(c)|\(y)"]!))
        }
    }
}
