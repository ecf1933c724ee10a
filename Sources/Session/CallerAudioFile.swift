import AudioFiles

/// A replayed caller read from a file as the call consumes it (`AudioStreamReader`: blocks,
/// resampled to the pipeline rate, damage and non-finite samples found on the way), so a short
/// call from a long recording reads only the start of it.
public struct CallerAudioFile: CallerAudioSource {
    public let reader: AudioStreamReader
    private var scratch: [Float] = []

    public init(_ reader: AudioStreamReader) { self.reader = reader }

    public mutating func nextHop(into hop: UnsafeMutableBufferPointer<Float>) throws -> CallerHop? {
        if scratch.count != hop.count { scratch = [Float](repeating: 0, count: hop.count) }
        guard try reader.read(into: &scratch) == hop.count else { return nil }
        for i in 0..<hop.count { hop[i] = scratch[i] }
        return .heard
    }
}
