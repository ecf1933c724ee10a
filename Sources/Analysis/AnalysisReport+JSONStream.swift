import Foundation

/// Writes `ivr analyze --format json` without holding the frames: each frame is encoded as it is
/// produced into a temporary file, and `finish` writes the report with the frames spliced in
/// where they belong. The bytes are those `JSONEncoder` (sorted keys) gives for the whole report,
/// so streamed and collected output are byte-identical.
public final class AnalysisJSONStream {
    private let encoder: JSONEncoder
    private let scratchURL: URL
    private let scratch: FileHandle
    private var buffer = Data()
    private var count = 0

    public init() throws {
        encoder = AnalysisJSONStream.makeEncoder()
        scratchURL = FileManager.default.temporaryDirectory
            .appendingPathComponent("ivr-analyze-frames-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString).json")
        guard FileManager.default.createFile(atPath: scratchURL.path, contents: nil),
              let handle = FileHandle(forUpdatingAtPath: scratchURL.path) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: scratchURL.path])
        }
        scratch = handle
        // Unlinked at once: the space is returned when the handle closes, even after a crash.
        try? FileManager.default.removeItem(at: scratchURL)
    }

    deinit { try? scratch.close() }

    /// The encoder the whole report uses (sorted keys, slashes unescaped).
    public static func makeEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    public func append(_ frame: AnalysisReport.Frame) throws {
        if count > 0 { buffer.append(UInt8(ascii: ",")) }
        buffer.append(try encoder.encode(frame))
        count += 1
        if buffer.count >= 1 << 16 { try flushBuffer() }
    }

    private func flushBuffer() throws {
        try scratch.write(contentsOf: buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    /// Writes the whole report (its `frames` ignored: the streamed ones are used) and a newline.
    public func finish(_ report: AnalysisReport, to output: FileHandle) throws {
        try flushBuffer()
        var shell = report
        shell.frames = []
        let json = try encoder.encode(shell)
        let marker = Data(#","frames":[]"#.utf8)
        guard let at = json.range(of: marker) else { throw CocoaError(.coderInvalidValue) }
        try output.write(contentsOf: json[..<at.lowerBound])
        try output.write(contentsOf: Data(#","frames":["#.utf8))
        try scratch.seek(toOffset: 0)
        while let chunk = try scratch.read(upToCount: 1 << 16), !chunk.isEmpty {
            try output.write(contentsOf: chunk)
        }
        try output.write(contentsOf: json[(at.lowerBound + marker.count - 1)...])
        try output.write(contentsOf: Data("\n".utf8))
    }
}
