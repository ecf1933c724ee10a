import CEspeakNG
import Synchronization

/// espeak-ng behind exactly one owner.
///
/// espeak-ng keeps all its state in globals and is not thread-safe, so the process has one
/// synthesizer (`shared`) and every call runs under its lock. Synthesis is synchronous: the
/// audio of one request is complete when `synthesize` returns. Output is 16-bit mono at
/// `sampleRateHz` (22050 Hz), returned as Float in [-1, 1].
///
/// espeak-ng's output depends on its history: the same request twice in a row differs by a few
/// milliseconds (measured: 17426 vs 17413 samples for "Please hold."; its internal state carries
/// across messages and survives `espeak_Initialize`). Each distinct request is therefore
/// synthesized once per process and cached (`PromptAudioCache`): a replay makes its requests in
/// a deterministic order, so its output is deterministic.
public final class EspeakSynthesizer: Sendable {
    public static let shared = EspeakSynthesizer()

    private struct Engine {
        var sampleRateHz: Int32 = 0
        var failure: String?
    }
    private let engine: Mutex<Engine>

    private init() {
        engine = Mutex(Engine())
    }

    /// The engine's output rate, starting it if needed.
    public func sampleRateHz() throws -> Int {
        try engine.withLock { try Self.start(&$0) }
    }

    public func synthesize(_ request: SynthesisRequest) throws -> [Float] {
        try Self.validate(request)
        return try engine.withLock { state in
            _ = try Self.start(&state)
            let settings = request.settings
            try Self.selectVoice(settings)
            espeak_SetParameter(espeakRATE, Int32(settings.rateWPM), 0)
            espeak_SetParameter(espeakPITCH, Int32(settings.pitch), 0)
            espeak_SetParameter(espeakRANGE, Int32(settings.pitchRange), 0)
            espeak_SetParameter(espeakVOLUME, Int32(settings.volume), 0)
            let sink = SampleSink()
            let context = Unmanaged.passRetained(sink)
            defer { context.release() }
            var flags = UInt32(espeakCHARS_UTF8)
            if request.ssml { flags |= UInt32(espeakSSML) }
            let rc = request.text.withCString { text in
                espeak_Synth(text, request.text.utf8.count + 1, 0, POS_CHARACTER, 0, flags, nil,
                             context.toOpaque())
            }
            guard rc == EE_OK else { throw SynthesisError.synthesisFailed(code: Int32(rc.rawValue)) }
            return sink.samples
        }
    }

    private static func start(_ state: inout Engine) throws -> Int {
        if state.sampleRateHz > 0 { return Int(state.sampleRateHz) }
        if let failure = state.failure { throw SynthesisError.engineUnavailable(failure) }
        let rate = espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 0, nil, Int32(espeakINITIALIZE_DONT_EXIT))
        guard rate > 0 else {
            state.failure = "espeak_Initialize returned \(rate)"
            throw SynthesisError.engineUnavailable(state.failure!)
        }
        espeak_SetSynthCallback { samples, count, events in
            guard let events, let context = events.pointee.user_data else { return 0 }
            let sink = Unmanaged<SampleSink>.fromOpaque(context).takeUnretainedValue()
            if let samples, count > 0 {
                for i in 0..<Int(count) { sink.samples.append(Float(samples[i]) / 32768) }
            }
            return 0  // continue
        }
        state.sampleRateHz = rate
        return Int(rate)
    }

    /// Selects by voice name ("en-us", "ru"), or else by language code through the voice list
    /// ("en-gb" is the language of the voice file "gmw/en"), with the variant appended.
    private static func selectVoice(_ s: SynthesisSettings) throws {
        if espeak_SetVoiceByName(s.espeakVoiceName) == EE_OK { return }
        guard let identifier = voiceIdentifier(forLanguage: s.voice) else {
            throw SynthesisError.unknownVoice(s.espeakVoiceName)
        }
        let name = s.variant.map { "\(identifier)+\($0)" } ?? identifier
        guard espeak_SetVoiceByName(name) == EE_OK else { throw SynthesisError.unknownVoice(s.espeakVoiceName) }
    }

    /// The identifier of the first voice whose language list names `language` (case-insensitive).
    private static func voiceIdentifier(forLanguage language: String) -> String? {
        guard var voice = espeak_ListVoices(nil) else { return nil }
        let wanted = language.lowercased()
        while let v = voice.pointee {
            // `languages` is a list of (priority byte, NUL-terminated name), ended by a 0 byte.
            var p = UnsafeRawPointer(v.pointee.languages!)
            while p.load(as: UInt8.self) != 0 {
                let name = String(cString: (p + 1).assumingMemoryBound(to: CChar.self))
                if name.lowercased() == wanted, let id = v.pointee.identifier { return String(cString: id) }
                p += 1 + name.utf8.count + 1
            }
            voice += 1
        }
        return nil
    }

    private static func validate(_ r: SynthesisRequest) throws {
        if r.text.allSatisfy(\.isWhitespace) { throw SynthesisError.emptyText }
        let s = r.settings
        let checks: [(String, Int, ClosedRange<Int>)] = [
            ("rateWPM", s.rateWPM, SynthesisLimits.rateWPM),
            ("pitch", s.pitch, SynthesisLimits.pitch),
            ("pitchRange", s.pitchRange, SynthesisLimits.pitchRange),
            ("volume", s.volume, SynthesisLimits.volume),
        ]
        for (name, value, range) in checks where !range.contains(value) {
            throw SynthesisError.parameterOutOfRange(name: name, value: value, range: range)
        }
    }
}

/// Collects the samples of one request; reached from the C callback through `user_data`.
private final class SampleSink {
    var samples: [Float] = []
}
