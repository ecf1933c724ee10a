import Foundation
import Yams

/// One YAML file composed into nodes that remember where they were written.
struct YAMLFile {
    /// The path as shown in diagnostics.
    let path: String
    let root: Node

    /// Reads and composes a file; problems (missing, not UTF-8, not YAML, empty) go to `log`.
    static func read(_ path: String, log: DiagnosticLog) -> YAMLFile? {
        let top = SourceLocation(file: path, line: 1, column: 1)
        guard let data = FileManager.default.contents(atPath: path) else {
            log.error(top, "cannot read the file", fix: "check the path and its permissions")
            return nil
        }
        guard let text = String(data: data, encoding: .utf8) else {
            log.error(top, "the file is not UTF-8 text", fix: "save it as UTF-8")
            return nil
        }
        return parse(text, path: path, log: log)
    }

    static func parse(_ text: String, path: String, log: DiagnosticLog) -> YAMLFile? {
        let top = SourceLocation(file: path, line: 1, column: 1)
        do {
            guard let root = try Yams.compose(yaml: text) else {
                log.error(top, "the file is empty", fix: "see README \"Brand configuration\" for the format")
                return nil
            }
            return YAMLFile(path: path, root: root)
        } catch let error as YamlError {
            let (mark, problem) = Self.describe(error)
            let location = mark.map { SourceLocation(file: path, line: $0.line, column: $0.column) } ?? top
            log.error(location, "not valid YAML: \(problem)",
                      fix: "check indentation, and quote values that contain ':' or start with '#'")
            return nil
        } catch {
            log.error(top, "not valid YAML: \(error)")
            return nil
        }
    }

    private static func describe(_ error: YamlError) -> (Mark?, String) {
        switch error {
        case .scanner(let context, let problem, let mark, _),
             .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            return (mark, context.map { "\(problem) \($0.text)" } ?? problem)
        case .reader(let problem, _, _, _):
            return (nil, problem)
        default:
            return (nil, "\(error)")
        }
    }

    func location(_ node: Node) -> SourceLocation {
        Self.location(node, in: path)
    }

    static func location(_ node: Node, in path: String) -> SourceLocation {
        let mark = node.mark
        return SourceLocation(file: path, line: mark?.line ?? 1, column: mark?.column ?? 1)
    }
}
