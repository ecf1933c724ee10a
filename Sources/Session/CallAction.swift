import Dialogue

/// What the call session asks its driver (replay, or a live transport) to do. The engine's audio
/// for each hop is not an action: it is written into the buffer the driver passes to `hop`.
public enum CallAction: Sendable, Equatable {
    /// Render this line off the media path and answer with `promptRendered` (or
    /// `promptRenderFailed`); silence plays in its place until then.
    case render(PromptRenderRequest)
    /// An event was added to the call record (for live event streams and stores).
    case record(CallEvent)
    /// Hand the call to a human at `target`; the call is over once its last line has played.
    case transfer(target: String, reason: String)
    /// The call is over (for any reason, including a failure), once its last line has played.
    case hangUp(outcome: CallOutcome, reason: String)
}

/// A line the session needs audio for.
public struct PromptRenderRequest: Sendable, Equatable {
    public var id: Int
    public var utterance: Utterance
    public var rateHz: Int
}
