import Analysis
import AudioCore
import Dialogue

/// What one hop of a caller's audio is.
public enum CallerHop: Sendable, Equatable {
    /// The caller's audio (as received, or as the transport concealed a loss).
    case heard
    /// Nothing arrived (a silence the sender did not send).
    case nothing
}

/// Where a replayed caller's audio comes from, one hop at a time, at the pipeline rate.
public protocol CallerAudioSource {
    /// Fills `hop` completely and says what it is (`.nothing`: `hop` is not used), or returns
    /// nil at the end of the audio (a partial last hop is dropped).
    mutating func nextHop(into hop: UnsafeMutableBufferPointer<Float>) throws -> CallerHop?
}

/// Caller audio already in memory.
public struct CallerAudioBuffer: CallerAudioSource {
    public let samples: [Float]
    private var position = 0

    public init(_ samples: [Float]) { self.samples = samples }

    public mutating func nextHop(into hop: UnsafeMutableBufferPointer<Float>) -> CallerHop? {
        guard position + hop.count <= samples.count else { return nil }
        for i in 0..<hop.count { hop[i] = samples[position + i] }
        position += hop.count
        return .heard
    }
}

/// Replays a recorded caller through a `CallSession` on a virtual clock, as fast as the CPU
/// allows: the same session a live call runs, driven from a file instead of the network. Lines
/// the session asks to render are rendered at once, before the next hop, so a replay is
/// deterministic (a live call renders them off the media path and may start them a little later).
public enum CallReplayer {
    public struct Result: Sendable {
        public var record: CallRecord
        /// Caller (what was fed) and engine (what it played), time-aligned, same length; empty
        /// unless asked for (`keepAudio`).
        public var callerAudio: [Float]
        public var engineAudio: [Float]
        public var rateHz: Int
    }

    /// The call ends when the caller's audio ends (the caller hung up) or when the dialogue ends
    /// (transfer or hang-up); in the latter case the engine's last line is played out first.
    /// Only the audio the call consumes is read from `caller`.
    public static func replay(caller: inout some CallerAudioSource, rate: PipelineRate, brand: Brand, voiceID: String,
                              prompts: PromptLibrary, listener: ListenerConfig = .init(),
                              keepAudio: Bool = true) throws -> Result {
        let session = try CallSession(brand: brand, rate: rate, listener: listener, prompts: prompts)
        let hop = rate.hopSamples
        var callerAudio: [Float] = [], engineAudio: [Float] = []
        var callerHop = [Float](repeating: 0, count: hop), engineHop = [Float](repeating: 0, count: hop)
        var actions: [CallAction] = []
        session.start(into: &actions)
        try carryOut(&actions, session: session, prompts: prompts)
        while !(session.isOver && !session.isSpeaking) {
            guard let heard = try callerHop.withUnsafeMutableBufferPointer({ try caller.nextHop(into: $0) }) else { break }
            if heard == .nothing { for i in 0..<hop { callerHop[i] = 0 } }
            callerHop.withUnsafeBufferPointer { c in
                // A recording has no network delay: each hop arrives as it is played.
                if heard == .heard { session.callerArrived(c, into: &actions) }
                engineHop.withUnsafeMutableBufferPointer { e in
                    session.hop(caller: heard == .nothing ? nil : c, engine: e, into: &actions)
                }
            }
            try carryOut(&actions, session: session, prompts: prompts)
            if keepAudio {
                callerAudio += callerHop
                engineAudio += engineHop
            }
        }
        if !session.isOver {
            session.hangUp(into: &actions)
            actions.removeAll()
        }
        return Result(record: session.record(voiceID: voiceID), callerAudio: callerAudio, engineAudio: engineAudio,
                      rateHz: rate.hz)
    }

    /// Convenience for audio in memory.
    public static func replay(callerAudio: [Float], rate: PipelineRate, brand: Brand, voiceID: String,
                              prompts: PromptLibrary, listener: ListenerConfig = .init()) throws -> Result {
        var source = CallerAudioBuffer(callerAudio)
        return try replay(caller: &source, rate: rate, brand: brand, voiceID: voiceID, prompts: prompts, listener: listener)
    }

    /// Renders what the session asked for, right away (the replay's virtual clock waits for it).
    private static func carryOut(_ actions: inout [CallAction], session: CallSession, prompts: PromptLibrary) throws {
        var i = 0
        while i < actions.count {
            if case .render(let request) = actions[i] {
                do {
                    let audio = try prompts.render(request.utterance, rateHz: request.rateHz)
                    session.promptRendered(request.id, audio: audio, into: &actions)
                } catch {
                    session.promptRenderFailed(request.id, reason: "\(error)", into: &actions)
                }
            }
            i += 1
        }
        actions.removeAll(keepingCapacity: true)
    }
}
