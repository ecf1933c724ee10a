import Foundation
import TestSupport

/// Raw-sample helpers for the codec tests.
extension ExternalTool {
    /// Writes little-endian Int16 samples.
    static func writeS16LE(_ samples: [Int16], to url: URL) throws {
        var data = Data(capacity: samples.count * 2)
        for s in samples { withUnsafeBytes(of: s.littleEndian) { data.append(contentsOf: $0) } }
        try data.write(to: url)
    }

    static func readS16LE(_ url: URL) throws -> [Int16] {
        let data = try Data(contentsOf: url)
        return stride(from: 0, to: data.count - 1, by: 2).map {
            Int16(bitPattern: UInt16(data[$0]) | UInt16(data[$0 + 1]) << 8)
        }
    }

    /// Real speech from codec2-examples as Float at `rateHz` (converted by sox), first `seconds`.
    static func speech(rateHz: Int, seconds: Double, file: String = "hts1a.wav") throws -> [Float] {
        let dir = FileManager.default.temporaryDirectory
        let raw = dir.appendingPathComponent("ivr-speech-\(UUID().uuidString.prefix(8)).raw")
        defer { try? FileManager.default.removeItem(at: raw) }
        let source = "/usr/share/codec2/wav/\(file)"
        try run("sox", [source, "-t", "raw", "-e", "signed-integer", "-b", "16", "-L",
                        "-r", String(rateHz), raw.path, "trim", "0", String(seconds)])
        return try readS16LE(raw).map { Float($0) / 32768 }
    }
}
