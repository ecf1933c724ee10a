/// What an audio file holds, as libsndfile reports it.
public struct AudioFileInfo: Sendable, Equatable {
    public var sampleRateHz: Int
    public var channels: Int
    /// Frames (samples per channel) actually present in the file.
    public var frames: Int
    /// Container, short name as libsndfile's tools spell it: "WAV", "FLAC", "OGG", "AIFF", …
    public var format: String
    /// Encoding inside the container: "PCM_16", "PCM_24", "FLOAT", "ULAW", "ALAW", "OPUS", …
    public var subtype: String
    /// Frames the header announces when that is more than the file holds (a truncated file);
    /// nil when the header and the contents agree.
    public var announcedFrames: Int?

    public init(sampleRateHz: Int, channels: Int, frames: Int, format: String, subtype: String,
                announcedFrames: Int? = nil) {
        self.sampleRateHz = sampleRateHz
        self.channels = channels
        self.frames = frames
        self.format = format
        self.subtype = subtype
        self.announcedFrames = announcedFrames
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
