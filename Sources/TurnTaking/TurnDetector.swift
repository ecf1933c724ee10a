/// Caller turn segmentation: a pure state machine over per-frame speech decisions.
///
/// States follow the usual VAD analyser (quiet → starting → speaking → stopping): a turn starts
/// after `startSpeechMs` of speech (short gaps up to `startGapToleranceMs` are tolerated while
/// starting) and ends after `endSilenceMs` of silence. Events carry frame indices, so the caller
/// converts them to time; the turn's start is the first speech frame, its end the frame after
/// the last speech frame (not the moment the silence timer ran out).
public struct TurnDetector: Sendable {
    public struct Config: Sendable, Equatable, Codable {
        /// Speech needed before a turn is declared (pipecat and FreeSWITCH use 200 ms).
        public var startSpeechMs: Int = 200
        /// Silence needed before a turn is over (between Silero's 550 ms and Asterisk's 2500 ms;
        /// long enough for a caller pausing between digits of a number or words).
        public var endSilenceMs: Int = 700
        /// Gaps inside the start window that do not reset it (VAD decisions flicker).
        public var startGapToleranceMs: Int = 50
        public init() {}
        public init(startSpeechMs: Int, endSilenceMs: Int, startGapToleranceMs: Int = 50) {
            self.startSpeechMs = startSpeechMs
            self.endSilenceMs = endSilenceMs
            self.startGapToleranceMs = startGapToleranceMs
        }
    }

    public enum State: Sendable, Equatable {
        case quiet
        /// Speech began at `firstFrame`; `speechFrames` of it so far, `gapFrames` of current gap.
        case starting(firstFrame: Int, speechFrames: Int, gapFrames: Int)
        case speaking(firstFrame: Int)
        /// Silence since `silentSince` (the frame after the last speech frame).
        case stopping(firstFrame: Int, silentSince: Int)
    }

    public enum Event: Sendable, Equatable {
        /// A turn began at frame `startFrame` (declared `startSpeechMs` later).
        case turnStarted(startFrame: Int)
        /// The turn [startFrame, endFrame) ended (declared `endSilenceMs` after endFrame).
        case turnEnded(startFrame: Int, endFrame: Int)
    }

    public let config: Config
    public private(set) var state: State = .quiet
    private let startFrames: Int
    private let endFrames: Int
    private let gapFrames: Int

    public init(config: Config = .init(), hopMs: Int = 10) {
        self.config = config
        startFrames = max(1, config.startSpeechMs / hopMs)
        endFrames = max(1, config.endSilenceMs / hopMs)
        gapFrames = config.startGapToleranceMs / hopMs
    }

    /// True while a declared turn is in progress (speaking or within the end-silence window).
    public var inTurn: Bool {
        switch state {
        case .speaking, .stopping: return true
        case .quiet, .starting: return false
        }
    }

    /// Feeds frame `index` with its speech decision; returns an event when a turn starts or ends.
    public mutating func process(frame index: Int, speech: Bool) -> Event? {
        switch state {
        case .quiet:
            if speech { return advanceStart(first: index, speech: 1, gap: 0) }
            return nil
        case .starting(let first, let speechCount, let gap):
            if speech { return advanceStart(first: first, speech: speechCount + 1, gap: 0) }
            if gap + 1 > gapFrames { state = .quiet } else { state = .starting(firstFrame: first, speechFrames: speechCount, gapFrames: gap + 1) }
            return nil
        case .speaking(let first):
            if !speech { state = .stopping(firstFrame: first, silentSince: index) }
            return nil
        case .stopping(let first, let since):
            if speech { state = .speaking(firstFrame: first); return nil }
            if index + 1 - since >= endFrames {
                state = .quiet
                return .turnEnded(startFrame: first, endFrame: since)
            }
            return nil
        }
    }

    /// End of stream: closes a turn in progress at `endFrame` (the frame after the last fed).
    public mutating func finish(endFrame: Int) -> Event? {
        defer { state = .quiet }
        switch state {
        case .speaking(let first): return .turnEnded(startFrame: first, endFrame: endFrame)
        case .stopping(let first, let since): return .turnEnded(startFrame: first, endFrame: since)
        case .quiet, .starting: return nil
        }
    }

    private mutating func advanceStart(first: Int, speech: Int, gap: Int) -> Event? {
        if speech >= startFrames {
            state = .speaking(firstFrame: first)
            return .turnStarted(startFrame: first)
        }
        state = .starting(firstFrame: first, speechFrames: speech, gapFrames: gap)
        return nil
    }
}
