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
        // Only a regular file of bounded size is read: /dev/zero or a FIFO would never end.
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            log.error(top, "is a folder, not a YAML file", fix: "name the .yaml file")
            return nil
        }
        if let attributes = try? FileManager.default.attributesOfItem(atPath: path) {
            if let type = attributes[.type] as? FileAttributeType, type != .typeRegular {
                log.error(top, "is not a regular file (\(type.rawValue))", fix: "brand files are plain YAML text files")
                return nil
            }
            if let size = (attributes[.size] as? NSNumber)?.intValue, size > YAMLLimits.maxFileBytes {
                log.error(top, "the file is \(size) bytes; brand files are at most \(YAMLLimits.maxFileBytes) bytes",
                          fix: "brand files are a few kilobytes: check that this is the right file")
                return nil
            }
        }
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
        guard text.utf8.count <= YAMLLimits.maxFileBytes else {
            log.error(top, "the text is \(text.utf8.count) bytes; brand files are at most \(YAMLLimits.maxFileBytes) bytes",
                      fix: "brand files are a few kilobytes: check that this is the right file")
            return nil
        }
        if let v = YAMLLimits.scan(text) {
            log.error(SourceLocation(file: path, line: v.line, column: v.column), v.message, fix: v.fix)
            return nil
        }
        do {
            guard let root = try Yams.compose(yaml: text) else {
                log.error(top, "the file is empty", fix: "see README \"Brand configuration\" for the format")
                return nil
            }
            if let node = YAMLLimits.expansionProblem(root) {
                log.error(location(node, in: path), "aliases expand to more than \(YAMLLimits.maxExpandedNodes) values (or nest deeper than \(YAMLLimits.maxDepth))",
                          fix: "write the values out instead of repeating aliases of aliases")
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
