import Foundation

/// Where test data lives: the repository, the read-only shared data beside it, and real speech
/// that Debian packages install (scripts/setup.sh installs them).
public enum Paths {
    /// The repository root (two levels above this file's folder).
    public static let repoRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    public static let audioFixtures = repoRoot.appendingPathComponent("audio-fixtures")
    /// `../shared` beside the checkout (present in CI).
    public static let shared = repoRoot.deletingLastPathComponent().appendingPathComponent("shared")
    /// Real read speech from codec2-examples (8 kHz mono WAV).
    public static let codec2Wav = URL(fileURLWithPath: "/usr/share/codec2/wav")
    /// Real read speech from pocketsphinx-testdata (16 kHz mono WAV and raw).
    public static let pocketsphinxData = URL(fileURLWithPath: "/usr/share/pocketsphinx/test/data")

    /// A fresh temporary directory for one test.
    public static func temporaryDirectory(_ name: String = #function) throws -> URL {
        let safe = name.filter { $0.isLetter || $0.isNumber }
        let dir = FileManager.default.temporaryDirectory
            .appendingPathComponent("ivr-tests-\(safe)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }
}
