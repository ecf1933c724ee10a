import Yams

/// Reads one YAML mapping field by field, reporting each problem at its place: wrong types,
/// values out of range, missing keys, unknown keys (with "did you mean"), duplicate keys.
struct Fields {
    let node: Node
    let pairs: [(key: String, keyNode: Node, value: Node)]
    let file: String
    let log: DiagnosticLog
    /// How messages name this mapping: "synthesis", "state 'main_menu'".
    let context: String

    /// nil (after an error) when `node` is not a mapping.
    init?(_ node: Node, file: String, log: DiagnosticLog, context: String) {
        guard let mapping = node.mapping else {
            log.error(YAMLFile.location(node, in: file), "\(context) must be a mapping of keys to values",
                      fix: "write it as 'key: value' lines indented under it")
            return nil
        }
        self.node = node
        self.file = file
        self.log = log
        self.context = context
        // Keys are names: a list or mapping as a key (possibly aliases of aliases) is refused,
        // and a key written twice (`1` and `"1"` are the same key) is an error; the first counts.
        var pairs: [(key: String, keyNode: Node, value: Node)] = []
        var seen: [String: Node] = [:]
        for (keyNode, value) in mapping {
            guard let key = keyNode.scalar?.string else {
                log.error(YAMLFile.location(keyNode, in: file), "a key in \(context) is \(Self.show(keyNode)), not a name",
                          fix: "write keys as plain names ('main_menu:', '\"1\":')")
                continue
            }
            if let first = seen[key] {
                let at = YAMLFile.location(first, in: file)
                log.error(YAMLFile.location(keyNode, in: file), "'\(key)' is written twice in \(context) (first at line \(at.line))",
                          fix: "keep one; the entries would silently replace each other")
                continue
            }
            seen[key] = keyNode
            pairs.append((key: key, keyNode: keyNode, value: value))
        }
        self.pairs = pairs
    }

    var location: SourceLocation { YAMLFile.location(node, in: file) }
    func location(_ node: Node) -> SourceLocation { YAMLFile.location(node, in: file) }

    func value(_ key: String) -> Node? { pairs.first { $0.key == key }?.value }
    func keyLocation(_ key: String) -> SourceLocation? { pairs.first { $0.key == key }.map { location($0.keyNode) } }

    /// Reports keys not in `allowed` (keys written twice are reported when the mapping is read).
    func checkKeys(_ allowed: [String]) {
        for pair in pairs {
            guard !allowed.contains(pair.key) else { continue }
            log.error(location(pair.keyNode), "unknown key '\(pair.key)' in \(context)",
                      fix: Suggestion.didYouMean(pair.key, in: allowed)
                        ?? "allowed keys: \(allowed.joined(separator: ", "))")
        }
    }

    func missing(_ key: String, example: String) {
        log.error(location, "\(context) has no '\(key)'", fix: "add '\(key): \(example)'")
    }

    func string(_ key: String, required: Bool = false, example: String = "…") -> String? {
        guard let node = value(key) else {
            if required { missing(key, example: example) }
            return nil
        }
        return Self.scalarString(node, key: key, file: file, log: log, example: example)
    }

    static func scalarString(_ node: Node, key: String, file: String, log: DiagnosticLog, example: String) -> String? {
        guard let scalar = node.scalar, !scalar.string.isEmpty else {
            log.error(YAMLFile.location(node, in: file), "\(key) must be a single text value",
                      fix: "write it like '\(key): \(example)'")
            return nil
        }
        return scalar.string
    }

    func int(_ key: String, range: ClosedRange<Int>, example: Int, required: Bool = false) -> Int? {
        guard let node = value(key) else {
            if required { missing(key, example: "\(example)") }
            return nil
        }
        guard let text = node.scalar?.string, let value = Int(text.replacingOccurrences(of: "+", with: "")) else {
            // A number that is not a whole one in Int's range (1e30, 2.5, .inf) is told by
            // what is wrong with it: out of range, or a fraction.
            if let text = node.scalar?.string, let number = Double(text), !number.isNaN,
               !(Double(range.lowerBound)...Double(range.upperBound)).contains(number) {
                log.error(location(node), "\(key) \(text) is out of range \(range.lowerBound)…\(range.upperBound)",
                          fix: "use a value like \(example)")
                return nil
            }
            log.error(location(node), "\(key) must be a whole number, not '\(Self.show(node))'",
                      fix: "use a value like \(example)")
            return nil
        }
        guard range.contains(value) else {
            log.error(location(node), "\(key) \(value) is out of range \(range.lowerBound)…\(range.upperBound)",
                      fix: "use a value like \(example)")
            return nil
        }
        return value
    }

    func double(_ key: String, range: ClosedRange<Double>, example: Double) -> Double? {
        guard let node = value(key) else { return nil }
        guard let text = node.scalar?.string, let value = Double(text) else {
            log.error(location(node), "\(key) must be a number, not '\(Self.show(node))'",
                      fix: "use a value like \(Self.format(example))")
            return nil
        }
        guard range.contains(value) else {
            log.error(location(node), "\(key) \(Self.format(value)) is out of range \(Self.format(range.lowerBound))…\(Self.format(range.upperBound))",
                      fix: "use a value like \(Self.format(example))")
            return nil
        }
        return value
    }

    func bool(_ key: String) -> Bool? {
        guard let node = value(key) else { return nil }
        switch node.scalar?.string.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default:
            log.error(location(node), "\(key) must be true or false, not '\(Self.show(node))'",
                      fix: "write '\(key): true' or '\(key): false'")
            return nil
        }
    }

    /// A list of text values; a single value counts as a list of one.
    func strings(_ key: String, example: String) -> [(String, SourceLocation)]? {
        guard let node = value(key) else { return nil }
        let items = node.sequence.map(Array.init) ?? [node]
        return items.compactMap { item in
            Self.scalarString(item, key: key, file: file, log: log, example: example).map { ($0, location(item)) }
        }
    }

    /// A value from a closed set, with "did you mean" for near misses.
    func choice<T: RawRepresentable & CaseIterable>(_ key: String, as type: T.Type, required: Bool = false) -> T?
    where T.RawValue == String {
        guard let text = string(key, required: required, example: T.allCases.first?.rawValue ?? "…") else { return nil }
        return Self.choice(text, at: location(value(key)!), key: key, log: log)
    }

    static func choice<T: RawRepresentable & CaseIterable>(_ text: String, at location: SourceLocation, key: String,
                                                          log: DiagnosticLog) -> T? where T.RawValue == String {
        if let value = T(rawValue: text) { return value }
        let names = T.allCases.map(\.rawValue)
        log.error(location, "\(key) '\(text)' is not one of \(names.joined(separator: ", "))",
                  fix: Suggestion.didYouMean(text, in: names) ?? "use one of them")
        return nil
    }

    static func show(_ node: Node) -> String {
        if let scalar = node.scalar { return scalar.string.count > 40 ? scalar.string.prefix(40) + "…" : scalar.string }
        return node.mapping != nil ? "a mapping" : "a list"
    }

    static func format(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }
}
