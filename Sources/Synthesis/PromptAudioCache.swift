import Codecs
import Synchronization

/// Synthesized prompts at the call's rate, each synthesized once per process.
///
/// Keyed by the full request and the output rate, so a line said again in the same style costs
/// a dictionary look-up. Shared by all calls (a `Mutex` guards the table; synthesis itself is
/// serialized by `EspeakSynthesizer`).
public final class PromptAudioCache: Sendable {
    private struct Key: Hashable { var request: SynthesisRequest; var rateHz: Int }
    private let table = Mutex<[Key: [Float]]>([:])
    private let synthesizer: EspeakSynthesizer

    /// The process-wide cache (every call and tool shares the synthesized lines).
    public static let shared = PromptAudioCache()

    public init(synthesizer: EspeakSynthesizer = .shared) {
        self.synthesizer = synthesizer
    }

    /// The request's audio at `outputRateHz`, synthesized and resampled on first use. Every
    /// rate is made from the same synthesized audio (kept at the engine's rate).
    ///
    /// `keep: false` synthesizes without keeping the result (unless it is already here): for
    /// lines with a caller's values, which differ from call to call — kept, they would grow
    /// the process without bound (≈ 1.4 MB per read-back of a policy number; `PromptLibrary`
    /// keeps the recent ones in its bounded cache instead).
    public func audio(for request: SynthesisRequest, outputRateHz: Int, keep: Bool = true) throws -> [Float] {
        let key = Key(request: request, rateHz: outputRateHz)
        if let hit = table.withLock({ $0[key] }) { return hit }
        let engineRate = try synthesizer.sampleRateHz()
        let rawKey = Key(request: request, rateHz: engineRate)
        let raw: [Float]
        if let hit = table.withLock({ $0[rawKey] }) {
            raw = hit
        } else {
            raw = try synthesizer.synthesize(request)
            if keep { table.withLock { $0[rawKey] = raw } }
        }
        guard engineRate != outputRateHz else { return raw }
        let audio = try Resampler(inputRateHz: engineRate, outputRateHz: outputRateHz).resample(raw)
        if keep { table.withLock { $0[key] = audio } }
        return audio
    }

    /// How many renderings are held (the engine-rate original counts as one).
    public var count: Int { table.withLock { $0.count } }
}
