/// Decides per 10 ms frame whether the caller is speaking, from the front end's VAD decision and
/// the frame's energy relative to a running noise floor.
///
/// webrtc's VAD alone calls steady noise "voice" on many lines; requiring the frame to stand
/// `minimumSNRDB` above the tracked floor (and above an absolute `minimumLevelDBFS`) removes
/// those. The floor follows drops at once and rises slowly (`floorRiseDBPerSec`), the usual
/// minimum-tracking noise estimate.
public struct SpeechGate: Sendable {
    public struct Config: Sendable, Equatable, Codable {
        public var minimumSNRDB: Float = 9
        public var minimumLevelDBFS: Float = -75
        public var floorRiseDBPerSec: Float = 3
        /// Without a VAD (front end VAD disabled), energy alone decides.
        public var useVAD: Bool = true
        public init() {}
    }

    public let config: Config
    private let hopSec: Float
    public private(set) var noiseFloorDBFS: Float?

    public init(config: Config = .init(), hopMs: Int = 10) {
        self.config = config
        self.hopSec = Float(hopMs) / 1000
    }

    /// Updates the floor with this frame and returns whether it is speech. With `holdFloor` the
    /// floor stays where it is: while an echo canceller suppresses the engine's prompt it also
    /// pulls the line's noise down, and a floor that followed would call the noise speech when
    /// the prompt ends.
    public mutating func isSpeech(vad: Bool, energyDBFS: Float, holdFloor: Bool = false) -> Bool {
        let floor: Float
        if let current = noiseFloorDBFS {
            if holdFloor {
                floor = current
            } else {
                floor = energyDBFS < current ? energyDBFS : current + config.floorRiseDBPerSec * hopSec
            }
        } else {
            floor = energyDBFS
        }
        noiseFloorDBFS = floor
        let loudEnough = energyDBFS >= config.minimumLevelDBFS && energyDBFS - floor >= config.minimumSNRDB
        return loudEnough && (vad || !config.useVAD)
    }
}
