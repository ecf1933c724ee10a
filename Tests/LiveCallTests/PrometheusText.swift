/// A strict reader of the Prometheus text exposition format (0.0.4), enough to check what
/// `/metrics` serves: every sample belongs to a family declared once by `# TYPE` before it,
/// names and label names are valid, label values are quoted with the format's escapes, values
/// are numbers, histogram buckets carry `le`, grow with it, and end at `+Inf` = `_count`.
struct PrometheusText {
    struct Sample: Equatable {
        var name: String
        var labels: [String: String]
        var value: Double
    }

    struct Malformed: Error, CustomStringConvertible {
        var line: Int
        var reason: String
        var description: String { "metrics line \(line): \(reason)" }
    }

    private(set) var types: [String: String] = [:]
    private(set) var samples: [Sample] = []

    init(parsing text: String) throws {
        var seenFamilies: Set<String> = []
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let n = index + 1
            let line = Substring(raw)
            if line.isEmpty { continue }
            if line.hasPrefix("#") {
                let parts = line.split(separator: " ", maxSplits: 3, omittingEmptySubsequences: false)
                guard parts.count >= 3, parts[0] == "#", parts[1] == "TYPE" || parts[1] == "HELP" else { continue }  // a comment
                let name = String(parts[2])
                guard Self.isMetricName(name) else { throw Malformed(line: n, reason: "bad metric name \(name)") }
                if parts[1] == "TYPE" {
                    guard parts.count == 4, ["counter", "gauge", "histogram", "summary", "untyped"].contains(parts[3]) else {
                        throw Malformed(line: n, reason: "bad TYPE line")
                    }
                    guard types[name] == nil, !seenFamilies.contains(name) else {
                        throw Malformed(line: n, reason: "TYPE of \(name) twice or after its samples")
                    }
                    types[name] = String(parts[3])
                }
                continue
            }
            let sample = try Self.sample(line, n)
            guard let family = family(of: sample.name) else {
                throw Malformed(line: n, reason: "\(sample.name) has no TYPE before it")
            }
            seenFamilies.insert(family)
            if types[family] == "histogram", sample.name.hasSuffix("_bucket"), sample.labels["le"] == nil {
                throw Malformed(line: n, reason: "a bucket without le")
            }
            if types[family] == "counter", sample.value < 0 { throw Malformed(line: n, reason: "a negative counter") }
            samples.append(sample)
        }
        try checkHistograms()
    }

    /// The family a sample belongs to: its name, or its name without a histogram's suffix.
    private func family(of name: String) -> String? {
        if types[name] != nil { return name }
        for suffix in ["_bucket", "_sum", "_count"] where name.hasSuffix(suffix) {
            let base = String(name.dropLast(suffix.count))
            if types[base] == "histogram" || types[base] == "summary" { return base }
        }
        return nil
    }

    private func checkHistograms() throws {
        for (name, type) in types where type == "histogram" {
            var series: [[String: String]: [(Double, Double)]] = [:]
            for s in samples where s.name == name + "_bucket" {
                var key = s.labels
                let le = key.removeValue(forKey: "le")!
                guard let bound = le == "+Inf" ? Double.infinity : Double(le) else { throw Malformed(line: 0, reason: "le=\(le)") }
                series[key, default: []].append((bound, s.value))
            }
            for (labels, buckets) in series {
                let sorted = buckets.sorted { $0.0 < $1.0 }
                guard sorted.last?.0 == .infinity else { throw Malformed(line: 0, reason: "\(name) \(labels): no +Inf bucket") }
                guard zip(sorted, sorted.dropFirst()).allSatisfy({ $0.1 <= $1.1 }) else {
                    throw Malformed(line: 0, reason: "\(name) \(labels): buckets not cumulative")
                }
                guard value(name + "_count", labels) == sorted.last!.1 else {
                    throw Malformed(line: 0, reason: "\(name) \(labels): +Inf bucket ≠ _count")
                }
            }
        }
    }

    /// The sample with exactly these labels.
    func value(_ name: String, _ labels: [String: String] = [:]) -> Double? {
        samples.first { $0.name == name && $0.labels == labels }?.value
    }

    /// The sum over the samples of `name` whose labels include `matching`.
    func sum(_ name: String, matching: [String: String] = [:]) -> Double {
        samples.filter { s in s.name == name && matching.allSatisfy { s.labels[$0.key] == $0.value } }.reduce(0) { $0 + $1.value }
    }

    // MARK: - Lexing

    static func isMetricName(_ s: String) -> Bool {
        guard let first = s.unicodeScalars.first, !("0"..."9").contains(first) else { return false }
        return s.unicodeScalars.allSatisfy { $0 == "_" || $0 == ":" || ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) }
    }

    static func isLabelName(_ s: String) -> Bool { isMetricName(s) && !s.contains(":") }

    private static func sample(_ line: Substring, _ n: Int) throws -> Sample {
        var rest = line[...]
        let nameEnd = rest.firstIndex { $0 == "{" || $0 == " " } ?? rest.endIndex
        let name = String(rest[..<nameEnd])
        guard isMetricName(name) else { throw Malformed(line: n, reason: "bad metric name \(name)") }
        rest = rest[nameEnd...]
        var labels: [String: String] = [:]
        if rest.first == "{" {
            rest = rest.dropFirst()
            while rest.first != "}" {
                guard let eq = rest.firstIndex(of: "=") else { throw Malformed(line: n, reason: "a label without =") }
                let label = String(rest[..<eq])
                guard isLabelName(label), labels[label] == nil else { throw Malformed(line: n, reason: "bad or repeated label \(label)") }
                rest = rest[rest.index(after: eq)...]
                guard rest.first == "\"" else { throw Malformed(line: n, reason: "an unquoted label value") }
                rest = rest.dropFirst()
                var value = ""
                while true {
                    guard let c = rest.first else { throw Malformed(line: n, reason: "an unterminated label value") }
                    rest = rest.dropFirst()
                    if c == "\"" { break }
                    if c == "\\" {
                        guard let e = rest.first, "\\\"n".contains(e) else { throw Malformed(line: n, reason: "a bad escape") }
                        rest = rest.dropFirst()
                        value.append(e == "n" ? "\n" : e)
                    } else {
                        value.append(c)
                    }
                }
                labels[label] = value
                if rest.first == "," { rest = rest.dropFirst() } else if rest.first != "}" {
                    throw Malformed(line: n, reason: "labels not separated by ,")
                }
            }
            rest = rest.dropFirst()
        }
        guard rest.first == " " else { throw Malformed(line: n, reason: "no space before the value") }
        let fields = rest.dropFirst().split(separator: " ", omittingEmptySubsequences: false)
        guard (1...2).contains(fields.count), let value = number(fields[0]),
              fields.count == 1 || Int64(fields[1]) != nil else {
            throw Malformed(line: n, reason: "bad value or timestamp: \(rest)")
        }
        return Sample(name: name, labels: labels, value: value)
    }

    private static func number(_ s: Substring) -> Double? {
        switch s {
        case "+Inf": return .infinity
        case "-Inf": return -.infinity
        case "NaN": return .nan
        default: return Double(s)
        }
    }
}
