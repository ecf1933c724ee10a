import AudioCore

/// Speech onset on the caller's audio as it *arrives*, ahead of the jitter buffer's playout delay
/// and the echo canceller: the fast path of barge-in. A pure state machine over 10 ms blocks.
///
/// A block is speech when it is loud enough above the line's noise floor (`SpeechGate`, energy
/// only) **and** above what the engine's own prompt could be leaking back (echo): the loudest
/// engine block of the last `echoWindowHops` plus the line's measured echo gain plus
/// `echoMarginDB`. The echo gain starts at G.168's worst case (an echo return loss of 6 dB, so
/// the caller must start louder than the prompt), follows any louder leak at once, and falls
/// by `echoGainDecayDBPerSec` while the prompt plays and nothing comes back — on an echo-free
/// line the guard is gone after a few seconds of prompt; on a line with echo the canceller's path
/// (the listener's turn start) decides instead. Onsets are counted like `TurnDetector`'s
/// (`startSpeechMs` with gap tolerance), so both paths use one threshold.
public struct ArrivalSpeechDetector: Sendable {
    public struct Config: Sendable, Equatable, Codable {
        /// Engine blocks searched for the loudest one an echo may be of (network round trip and
        /// the gateway's echo path; 500 ms covers long-haul VoIP).
        public var echoWindowHops: Int = 50
        /// The echo gain assumed before any is measured: −6 dB, the least echo return loss
        /// G.168 lets a line have.
        public var initialEchoGainDB: Float = -6
        public var echoGainDecayDBPerSec: Float = 10
        /// The caller must be this much above the expected echo.
        public var echoMarginDB: Float = 6
        /// Engine blocks quieter than this are not a prompt (no echo expected of them).
        public var farEndActiveDBFS: Float = -60
        public init() {}
    }

    public let config: Config
    private var gate: SpeechGate
    private var turns: TurnDetector
    private let decayPerHop: Float
    /// Engine block levels (dBFS), a ring of `echoWindowHops`.
    private var farEnd: [Float]
    private var farEndHead = 0
    /// Echo gain of the line: caller-side level over the loudest recent engine block (dB).
    public private(set) var echoGainDB: Float
    private var blocks = 0

    /// `speechGate` and `turns` are the listener's (so both paths share thresholds).
    public init(config: Config = .init(), speechGate: SpeechGate.Config = .init(), turns: TurnDetector.Config = .init(),
                hopMs: Int = 10) {
        self.config = config
        var gateConfig = speechGate
        gateConfig.useVAD = false
        gate = SpeechGate(config: gateConfig, hopMs: hopMs)
        self.turns = TurnDetector(config: turns, hopMs: hopMs)
        decayPerHop = config.echoGainDecayDBPerSec * Float(hopMs) / 1000
        farEnd = [Float](repeating: Level.floorDBFS, count: max(1, config.echoWindowHops))
        echoGainDB = config.initialEchoGainDB
    }

    /// The level of one engine block as it was sent (the far end an echo would be of).
    public mutating func engineBlock(levelDBFS: Float) {
        farEnd[farEndHead] = levelDBFS
        farEndHead = (farEndHead + 1) % farEnd.count
    }

    public enum Onset: Sendable, Equatable {
        /// `startSpeechMs` of speech have arrived; it began `speechMs` ago (in arrived audio).
        case started(speechMs: Int)
        /// The speech that started has stopped for the turn's end silence.
        case ended
    }

    /// One 10 ms block of the caller as it arrived; reports an onset once `startSpeechMs` of
    /// speech have arrived, and its end.
    public mutating func callerBlock(levelDBFS: Float) -> Onset? {
        var loudestFarEnd = Level.floorDBFS
        var i = 0
        while i < farEnd.count {  // by index: no iterator on the per-packet path
            if farEnd[i] > loudestFarEnd { loudestFarEnd = farEnd[i] }
            i += 1
        }
        let prompting = loudestFarEnd > config.farEndActiveDBFS
        let aboveFloor = gate.isSpeech(vad: false, energyDBFS: levelDBFS)
        let echoCeiling = prompting ? loudestFarEnd + echoGainDB + config.echoMarginDB : Level.floorDBFS
        let speech = aboveFloor && levelDBFS > echoCeiling
        if prompting, !turns.inTurn, !speech {
            // Nothing of the caller's: what comes back is at most echo. Follow a louder leak at
            // once, let the guard fall while the line stays quiet.
            echoGainDB = max(levelDBFS - loudestFarEnd, echoGainDB - decayPerHop)
        }
        defer { blocks += 1 }
        switch turns.process(frame: blocks, speech: speech) {
        case .turnStarted(let first)?: return .started(speechMs: (blocks + 1 - first) * 10)
        case .turnEnded?: return .ended
        case nil: return nil
        }
    }
}
