import Dispatch
import Session

/// Renders lines with a caller's values off the media path: one background queue for the whole
/// engine (espeak-ng is one serialized owner anyway), results handed back to the asking call's
/// event loop. The `PromptLibrary` makes a line asked for by many calls at once render once.
public final class PromptRenderWorker: Sendable {
    private let queue = DispatchQueue(label: "ivr.prompt-render", qos: .userInitiated)

    public init() {}

    func render(_ request: PromptRenderRequest, prompts: PromptLibrary,
                done: @escaping @Sendable (Result<[Float], any Error>) -> Void) {
        queue.async {
            done(Result { try prompts.render(request.utterance, rateHz: request.rateHz) })
        }
    }
}
