import Foundation

/// The Opus packets of an Ogg/Opus file (RFC 7845), parsed here so the test decodes packets a
/// real encoder (ffmpeg + libopus) produced, with nothing of ours in between.
struct OggOpusPackets {
    struct ParseError: Error, CustomStringConvertible { let description: String }

    /// Samples at 48 kHz to drop from the decoder's output start (OpusHead pre-skip).
    var preSkip: Int
    var channels: Int
    /// Audio packets in order (OpusHead and OpusTags removed).
    var audio: [[UInt8]]
    /// Granule position of the last page: pre-skip + samples of the stream at 48 kHz.
    var finalGranule: Int64

    init(data: Data) throws {
        let bytes = [UInt8](data)
        var packets: [[UInt8]] = []
        var current: [UInt8] = []
        var offset = 0
        var granule: Int64 = 0
        while offset + 27 <= bytes.count {
            guard bytes[offset..<offset + 4].elementsEqual("OggS".utf8) else {
                throw ParseError(description: "no Ogg page at byte \(offset)")
            }
            granule = (0..<8).reduce(Int64(0)) { $0 | Int64(bytes[offset + 6 + $1]) << (8 * Int64($1)) }
            let segments = Int(bytes[offset + 26])
            var body = offset + 27 + segments
            for s in 0..<segments {
                let length = Int(bytes[offset + 27 + s])
                guard body + length <= bytes.count else { throw ParseError(description: "page cut at \(offset)") }
                current += bytes[body..<body + length]
                body += length
                if length < 255 { packets.append(current); current = [] }
            }
            offset = body
        }
        guard packets.count >= 2, packets[0].starts(with: "OpusHead".utf8), packets[1].starts(with: "OpusTags".utf8) else {
            throw ParseError(description: "not an Ogg/Opus stream (no OpusHead/OpusTags)")
        }
        let head = packets[0]
        channels = Int(head[9])
        preSkip = Int(head[10]) | Int(head[11]) << 8
        audio = Array(packets.dropFirst(2))
        finalGranule = granule
    }
}
