import Analysis
import AudioCore
import Dialogue

/// Replays a recorded caller through a `CallSession` on a virtual clock, as fast as the CPU
/// allows: the same session code a live call runs, fed from a file instead of the network.
public enum CallReplayer {
    public struct Result: Sendable {
        public var record: CallRecord
        /// Caller (what was fed) and engine (what it played), time-aligned, same length.
        public var callerAudio: [Float]
        public var engineAudio: [Float]
        public var rateHz: Int
    }

    /// The call ends when the recording ends (the caller hung up) or when the dialogue ends
    /// (transfer or hang-up); in the latter case the engine's last line is played out first.
    public static func replay(callerAudio: [Float], rate: PipelineRate, brand: Brand, voiceID: String,
                              prompts: PromptAudioSource, listener: ListenerConfig = .init()) throws -> Result {
        let session = try CallSession(brand: brand, rate: rate, listener: listener, prompts: prompts)
        let hop = rate.hopSamples
        let hops = callerAudio.count / hop
        var engine: [Float] = []
        engine.reserveCapacity(hops * hop)
        var engineHop = [Float](repeating: 0, count: hop)
        try session.start()
        var fed = 0
        try callerAudio.withUnsafeBufferPointer { all in
            while fed < hops {
                if session.isOver && !session.isSpeaking { break }
                let callerHop = UnsafeBufferPointer(rebasing: all[fed * hop..<(fed + 1) * hop])
                try session.process(callerHop: callerHop, engineHop: &engineHop)
                engine += engineHop
                fed += 1
            }
        }
        if !session.isOver { try session.callerHungUp() }
        return Result(record: session.record(voiceID: voiceID), callerAudio: Array(callerAudio.prefix(fed * hop)),
                      engineAudio: engine, rateHz: rate.hz)
    }
}
