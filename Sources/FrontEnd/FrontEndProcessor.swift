import CWebRTCAPM

/// Errors from the audio front end.
public enum FrontEndError: Error, Equatable, CustomStringConvertible {
    case unsupportedSampleRate(Int)
    case configurationRefused(String)
    case wrongFrameSize(got: Int, expected: Int)
    case processingFailed(code: Int32)

    public var description: String {
        switch self {
        case .unsupportedSampleRate(let hz):
            return "front end: sample rate \(hz) Hz is not supported; use 8000, 16000, 32000 or 48000 Hz"
        case .configurationRefused(let why):
            return "front end: webrtc audio processing refused the configuration: \(why)"
        case .wrongFrameSize(let got, let expected):
            return "front end: got a frame of \(got) samples; frames are exactly 10 ms (\(expected) samples)"
        case .processingFailed(let code):
            return "front end: webrtc audio processing failed with error \(code)"
        }
    }
}

/// webrtc audio processing (high-pass, echo cancellation, noise suppression, gain control, VAD)
/// for one mono stream, one 10 ms frame at a time.
///
/// Threading: one instance per stream, used from one thread at a time (the call session's).
/// `process` and `processFarEnd` do not allocate (except the first far-end frame, which starts
/// the echo canceller).
public final class FrontEndProcessor {
    public let config: FrontEndConfig
    public let sampleRateHz: Int
    public let frameSamples: Int
    private let apm: OpaquePointer
    private let anyComponentEnabled: Bool

    public init(config: FrontEndConfig, sampleRateHz: Int) throws {
        guard [8000, 16000, 32000, 48000].contains(sampleRateHz) else {
            throw FrontEndError.unsupportedSampleRate(sampleRateHz)
        }
        var c = ivr_apm_config_t()
        c.sample_rate_hz = Int32(sampleRateHz)
        c.high_pass = config.highPassEnabled
        c.noise_suppression = config.noiseSuppression.enabled
        c.noise_suppression_level = Int32(config.noiseSuppression.level.rawValue)
        c.gain_control = config.gainControl.enabled
        c.agc_target_level_dbfs = Int32(-config.gainControl.targetLevelDBFS)
        c.agc_compression_gain_db = Int32(config.gainControl.compressionGainDB)
        c.voice_detection = config.voiceDetection.enabled
        c.vad_likelihood = Int32(config.voiceDetection.likelihood.rawValue)
        c.echo_cancellation = config.echoCancellation.enabled
        c.echo_suppression_level = Int32(config.echoCancellation.suppression.rawValue)
        c.echo_delay_ms = Int32(config.echoCancellation.delayMs)
        c.echo_delay_agnostic = config.echoCancellation.delayAgnostic
        var message = [CChar](repeating: 0, count: 256)
        guard let handle = ivr_apm_create(&c, &message, message.count) else {
            let text = message.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
            throw FrontEndError.configurationRefused(text)
        }
        self.apm = handle
        self.config = config
        self.sampleRateHz = sampleRateHz
        self.frameSamples = sampleRateHz / 100
        self.anyComponentEnabled = config != .bypass
    }

    deinit { ivr_apm_destroy(apm) }

    /// Processes one 10 ms frame in place and returns the VAD decision for it
    /// (always false when VAD is disabled).
    @discardableResult
    public func process(_ frame: UnsafeMutableBufferPointer<Float>) throws -> Bool {
        guard frame.count == frameSamples else {
            throw FrontEndError.wrongFrameSize(got: frame.count, expected: frameSamples)
        }
        guard anyComponentEnabled else { return false }
        let rc = ivr_apm_process(apm, frame.baseAddress!)
        guard rc == 0 else { throw FrontEndError.processingFailed(code: rc) }
        return ivr_apm_has_voice(apm)
    }

    /// Gives the echo canceller one 10 ms frame of what was played towards the caller; call it
    /// before `process` of the caller's frame of the same moment. The first call starts the
    /// canceller. A no-op when echo cancellation is off.
    public func processFarEnd(_ frame: UnsafeBufferPointer<Float>) throws {
        guard frame.count == frameSamples else {
            throw FrontEndError.wrongFrameSize(got: frame.count, expected: frameSamples)
        }
        guard config.echoCancellation.enabled else { return }
        let rc = ivr_apm_process_reverse(apm, frame.baseAddress!)
        guard rc == 0 else { throw FrontEndError.processingFailed(code: rc) }
    }

    /// Whether the echo canceller judged the last processed frame to hold echo.
    public var lastFrameHadEcho: Bool { ivr_apm_has_echo(apm) }
}
