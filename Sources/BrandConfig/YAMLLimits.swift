import Yams

/// Bounds a brand file must keep before and after it is parsed, so a hostile or broken file is
/// refused with its place instead of overflowing the stack (5,000 nested lists), exhausting
/// memory (a file of gigabytes, aliases that expand exponentially) or hanging (/dev/zero).
///
/// The bounds are far above what the schema needs: a flow nests 5 levels, the largest shipped
/// file is 6 KB.
public enum YAMLLimits {
    /// Bytes in one brand file.
    public static let maxFileBytes = 1 << 20
    /// Nesting of mappings and lists, block and flow style together.
    public static let maxDepth = 32
    /// Aliases (`*name`) in one file.
    public static let maxAliases = 64
    /// Nodes after every alias is expanded (a billion-laughs file expands 2³⁰-fold).
    public static let maxExpandedNodes = 100_000

    public struct Violation: Sendable, Equatable {
        public var line: Int
        public var column: Int
        public var message: String
        public var fix: String
    }

    /// Checks the text before the YAML parser sees it: nesting depth and alias count, estimated
    /// from indentation, '- ' markers and flow brackets (outside quotes, comments and block scalars).
    public static func scan(_ text: String) -> Violation? {
        var indents: [Int] = []
        var flowDepth = 0
        var aliases = 0
        var blockScalarParent: Int?   // indentation of the line that opened a `|` or `>` scalar
        var lineNumber = 0
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let line = Array(rawLine.utf8)
            var i = 0
            while i < line.count, line[i] == UInt8(ascii: " ") { i += 1 }
            let indent = i
            let blank = i == line.count || line[i] == UInt8(ascii: "#") || line[i] == UInt8(ascii: "\r")
            if let parent = blockScalarParent {
                if blank || indent > parent { continue }
                blockScalarParent = nil
            }
            if blank { continue }
            if flowDepth == 0 {
                while let top = indents.last, top > indent { indents.removeLast() }
                if indents.last.map({ $0 < indent }) ?? true { indents.append(indent) }
            }
            var depth = indents.count
            // Compact nesting on one line: "- - - x".
            while i + 1 < line.count, line[i] == UInt8(ascii: "-"), line[i + 1] == UInt8(ascii: " ") {
                depth += 1
                i += 2
                while i < line.count, line[i] == UInt8(ascii: " ") { i += 1 }
            }
            var quote: UInt8?
            var valueStart = true     // where a flow collection, a quoted scalar or an alias may begin
            while i < line.count {
                let c = line[i]
                if let q = quote {
                    if c == UInt8(ascii: "\\"), q == UInt8(ascii: "\"") { i += 2; continue }
                    if c == q { quote = nil }
                    i += 1
                    continue
                }
                if c == UInt8(ascii: " ") {
                    if i > 0, [UInt8(ascii: ":"), UInt8(ascii: "-"), UInt8(ascii: ","), UInt8(ascii: "?")].contains(line[i - 1]) {
                        valueStart = true
                    }
                    i += 1
                    continue
                }
                var opensValue = false
                switch c {
                case UInt8(ascii: "\""), UInt8(ascii: "'"):
                    if valueStart { quote = c }
                case UInt8(ascii: "#") where i == 0 || line[i - 1] == UInt8(ascii: " "):
                    i = line.count
                    continue
                case UInt8(ascii: "["), UInt8(ascii: "{"):
                    if valueStart || flowDepth > 0 {
                        flowDepth += 1
                        opensValue = true
                        if depth + flowDepth > maxDepth { return deep(lineNumber, i + 1) }
                    }
                case UInt8(ascii: "]"), UInt8(ascii: "}"):
                    if flowDepth > 0 { flowDepth -= 1 }
                case UInt8(ascii: ","):
                    opensValue = flowDepth > 0
                case UInt8(ascii: "*"):
                    if valueStart {
                        aliases += 1
                        if aliases > maxAliases {
                            return Violation(line: lineNumber, column: i + 1,
                                             message: "more than \(maxAliases) aliases (*name) in one file",
                                             fix: "write the values out; brand files need few or no aliases")
                        }
                    }
                default: break
                }
                valueStart = opensValue
                i += 1
            }
            if depth > maxDepth { return deep(lineNumber, indent + 1) }
            // A block scalar (`key: |`, `- >-`) runs over the more-indented lines that follow.
            if quote == nil, flowDepth == 0,
               let tail = String(bytes: line, encoding: .utf8)?.trimmingCharacters(in: .whitespaces),
               let mark = tail.range(of: #"(^|[:\-] )[|>][-+0-9]*$"#, options: .regularExpression), !mark.isEmpty {
                blockScalarParent = indent
            }
        }
        return nil
    }

    private static func deep(_ line: Int, _ column: Int) -> Violation {
        Violation(line: line, column: column,
                  message: "nesting deeper than \(maxDepth) levels",
                  fix: "brand files nest at most a few levels (see README \"Brand configuration\")")
    }

    /// Counts nodes with aliases expanded, stopping at the bound; the node where it was passed,
    /// or nil.
    static func expansionProblem(_ root: Node) -> Node? {
        var budget = maxExpandedNodes
        func visit(_ node: Node, depth: Int) -> Node? {
            budget -= 1
            if budget < 0 || depth > maxDepth { return node }
            switch node {
            case .scalar: return nil
            case .sequence(let s):
                for item in s { if let bad = visit(item, depth: depth + 1) { return bad } }
            case .mapping(let m):
                for (k, v) in m {
                    if let bad = visit(k, depth: depth + 1) ?? visit(v, depth: depth + 1) { return bad }
                }
            }
            return nil
        }
        return visit(root, depth: 0)
    }
}
