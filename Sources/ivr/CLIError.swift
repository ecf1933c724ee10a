import ArgumentParser
import Foundation

/// A user-facing error: swift-argument-parser prints it as `Error: <message>` and exits with
/// status 1; never a crash.
struct CLIError: Error, CustomStringConvertible {
    let description: String
    init(_ message: String) { description = message }
}

/// Writes a text file the user named, with an error that says which file and why.
func writeOutput(_ text: String, to path: String) throws {
    let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
        throw CLIError("\(path): cannot write: the folder \(folder) does not exist; create it first")
    }
    do {
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    } catch {
        throw CLIError("\(path): cannot write (\(error.localizedDescription))")
    }
}

enum ReportJSON {
    /// Stable JSON: sorted keys, so the same report is byte-identical.
    static func encode<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
