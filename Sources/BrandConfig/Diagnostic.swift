/// A place in a configuration file (1-based line and column, as editors count).
public struct SourceLocation: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// `file:line:column`, the form editors and terminals make clickable.
    public var description: String { "\(file):\(line):\(column)" }

    public static func < (a: Self, b: Self) -> Bool {
        (a.file, a.line, a.column) < (b.file, b.line, b.column)
    }
}

/// One finding of the loader or the linter: where, what is wrong, and what would be right.
public struct Diagnostic: Sendable, Hashable, Comparable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable, Comparable {
        /// The configuration cannot be used as it is.
        case error
        /// It works (e.g. by falling back), but probably not as meant.
        case warning

        public static func < (a: Self, b: Self) -> Bool { a == .error && b == .warning }
    }

    public var severity: Severity
    public var location: SourceLocation
    /// What is wrong: "rateWPM 900 is out of range 80…450".
    public var message: String
    /// What would be right: "use a value like 160".
    public var fix: String?

    public init(_ severity: Severity, at location: SourceLocation, _ message: String, fix: String? = nil) {
        self.severity = severity
        self.location = location
        self.message = message
        self.fix = fix
    }

    /// "voices/acme.yaml:12:5: error: rateWPM 900 is out of range 80…450; use a value like 160"
    public var description: String {
        "\(location): \(severity.rawValue): \(message)" + (fix.map { "; \($0)" } ?? "")
    }

    public static func < (a: Self, b: Self) -> Bool {
        (a.location, a.severity, a.message) < (b.location, b.severity, b.message)
    }
}

/// Collects diagnostics while files are read and checked.
final class DiagnosticLog {
    private(set) var all: [Diagnostic] = []

    func error(_ location: SourceLocation, _ message: String, fix: String? = nil) {
        all.append(Diagnostic(.error, at: location, message, fix: fix))
    }

    func warning(_ location: SourceLocation, _ message: String, fix: String? = nil) {
        all.append(Diagnostic(.warning, at: location, message, fix: fix))
    }

    func append(contentsOf diagnostics: [Diagnostic]) { all += diagnostics }
}
