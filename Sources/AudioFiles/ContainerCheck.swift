import Foundation

/// Container damage libsndfile reads past without complaint, found by walking the container:
/// Ogg pages with a bad checksum, a gap in their sequence, bytes that are not a page, or a second
/// (chained or multiplexed) stream; a RIFF/WAVE data chunk whose size disagrees with the file.
/// Each problem is told with its byte offset.
enum ContainerCheck {
    /// nil when nothing is wrong (or the format is not one checked here).
    static func problem(path: String, format: String) -> String? {
        switch format {
        case "OGG": return OggPageWalk.problem(path: path)
        case "WAV": return WAVChunkWalk.problem(path: path)
        default: return nil
        }
    }
}
