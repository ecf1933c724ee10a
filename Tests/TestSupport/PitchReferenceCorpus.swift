import Foundation

/// The pitch evaluation corpus: real recordings listed in audio-fixtures/pitch-reference/manifest.tsv,
/// Praat's tracks of the originals (committed), and telephone copies made at test time by
/// scripts/pitch-eval-copies.sh (sox: 300–3400 Hz, 8 kHz, G.711 µ-law, no dither).
public enum PitchReferenceCorpus {
    public struct Entry {
        public var speaker: String
        public var sex: String
        /// `<speaker>__<file stem>`: the name of the reference track and of the copies.
        public var stem: String
    }

    public static let directory = Paths.audioFixtures.appendingPathComponent("pitch-reference")

    public static func manifest() throws -> [Entry] {
        let text = try String(contentsOf: directory.appendingPathComponent("manifest.tsv"), encoding: .utf8)
        return text.split(separator: "\n").compactMap { line in
            guard !line.hasPrefix("#") else { return nil }
            let f = line.split(separator: "\t").map(String.init)
            guard f.count == 3 else { return nil }
            let file = f[2].split(separator: "/").last!.split(separator: ":").last!
            return Entry(speaker: f[0], sex: f[1], stem: "\(f[0])__\(file.dropLast(4))")
        }
    }

    /// Praat's track of the original, as committed (text: time and F0 per line).
    public static func referenceText(_ entry: Entry) throws -> String {
        try String(contentsOf: directory.appendingPathComponent("tracks/\(entry.stem).txt"), encoding: .utf8)
    }

    /// Makes the telephone copies into a fresh directory: `<stem>.ulaw.wav` and `<stem>.f32`.
    public static func makeTelephoneCopies() throws -> URL {
        let out = try Paths.temporaryDirectory("pitch-copies")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [Paths.repoRoot.appendingPathComponent("scripts/pitch-eval-copies.sh").path, out.path]
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: "pitch-eval-copies.sh failed (is sox installed? bash scripts/setup.sh)"])
        }
        return out
    }

    /// Raw little-endian Float32 samples (the `.f32` copies).
    public static func readFloats(_ url: URL) throws -> [Float] {
        let data = try Data(contentsOf: url)
        return data.withUnsafeBytes { raw in
            (0..<(data.count / 4)).map { Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self))) }
        }
    }
}
