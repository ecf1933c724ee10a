/// What an audio file holds, as libsndfile reports it.
public struct AudioFileInfo: Sendable, Equatable {
    public var sampleRateHz: Int
    public var channels: Int
    /// Frames (samples per channel) present in the file. When the container does not state its
    /// length (an Ogg stream cut before its last page), they are counted by decoding.
    public var frames: Int
    /// Container, short name as libsndfile's tools spell it: "WAV", "FLAC", "OGG", "AIFF", …
    public var format: String
    /// Encoding inside the container: "PCM_16", "PCM_24", "FLOAT", "ULAW", "ALAW", "OPUS", …
    public var subtype: String
    /// How the file falls short of what its header promises; nil when nothing shows it is cut.
    /// `info` reads headers only: a compressed stream cut mid-way (FLAC) shows when it is read.
    public var truncation: Truncation?

    public enum Truncation: Sendable, Equatable {
        /// The header announces this many frames, more than the file holds.
        case headerAnnounces(frames: Int)
        /// The stream stops without its end marker (an Ogg stream with no end-of-stream page).
        case streamNotClosed
    }

    public init(sampleRateHz: Int, channels: Int, frames: Int, format: String, subtype: String,
                truncation: Truncation? = nil) {
        self.sampleRateHz = sampleRateHz
        self.channels = channels
        self.frames = frames
        self.format = format
        self.subtype = subtype
        self.truncation = truncation
    }

    public var durationSec: Double { sampleRateHz > 0 ? Double(frames) / Double(sampleRateHz) : 0 }
}

/// Which channel of a file to analyse.
public enum ChannelSelection: Sendable, Hashable {
    /// Mono: the only channel. Stereo: the left channel (channel 1), which two-channel call
    /// recordings use for the caller by convention. More than two: an error asking for a channel.
    case automatic
    /// One channel, counted from 1 as people say it ("channel 1" is the left one).
    case channel(Int)
    /// The average of all channels.
    case mix
}
