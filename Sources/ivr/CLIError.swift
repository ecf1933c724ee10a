import ArgumentParser
import Foundation

/// A user-facing error: swift-argument-parser prints it as `Error: <message>` and exits with
/// status 1; never a crash.
struct CLIError: Error, CustomStringConvertible {
    let description: String
    init(_ message: String) { description = message }
}

enum ReportJSON {
    /// Stable JSON: sorted keys, so the same report is byte-identical.
    static func encode<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
