import Foundation

/// Counts of (true class, predicted class) and the figures read from them.
public struct ConfusionMatrix: Sendable, Equatable {
    public let classes: [String]
    /// `counts[true][predicted]`.
    public private(set) var counts: [[Int]]

    public init(classes: [String]) {
        self.classes = classes
        counts = [[Int]](repeating: [Int](repeating: 0, count: classes.count), count: classes.count)
    }

    public mutating func add(truth: Int, predicted: Int) { counts[truth][predicted] += 1 }

    public var total: Int { counts.joined().reduce(0, +) }

    /// Recall per class (nil for a class with no sample).
    public var recall: [Double?] {
        counts.indices.map { t in
            let n = counts[t].reduce(0, +)
            return n > 0 ? Double(counts[t][t]) / Double(n) : nil
        }
    }

    /// Unweighted average recall: the mean of the per-class recalls (classes with samples).
    public var uar: Double {
        let r = recall.compactMap { $0 }
        return r.isEmpty ? 0 : r.reduce(0, +) / Double(r.count)
    }

    public var accuracy: Double {
        Double(counts.indices.map { counts[$0][$0] }.reduce(0, +)) / Double(max(1, total))
    }

    /// UAR of guessing (any constant or random guess): 1 / classes.
    public var chanceUAR: Double { 1 / Double(classes.count) }

    public func text(indent: String = "  ") -> String {
        let width = max(9, (classes.map(\.count).max() ?? 0) + 1)
        func pad(_ s: String) -> String { String(repeating: " ", count: max(0, width - s.count)) + s }
        var out = indent + pad("true\\pred") + classes.map(pad).joined() + pad("recall") + "\n"
        for (t, row) in counts.enumerated() {
            let r = recall[t].map { String(format: "%.3f", $0) } ?? "-"
            out += indent + pad(classes[t]) + row.map { pad(String($0)) }.joined() + pad(r) + "\n"
        }
        out += indent + String(format: "UAR %.3f (chance %.3f), accuracy %.3f, n = %d", uar, chanceUAR, accuracy, total)
        return out
    }
}
