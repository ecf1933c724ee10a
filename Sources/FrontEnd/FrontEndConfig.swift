/// Configuration of the webrtc audio-processing front end. Every component can be switched off.
///
/// Defaults suit analysis of a caller's voice: high-pass on (removes hum and DC that bias the
/// energy measures), moderate noise suppression, VAD on, and automatic gain control **off** —
/// AGC flattens exactly the loudness dynamics that prosody and emotion estimation listen to.
public struct FrontEndConfig: Sendable, Equatable, Codable {
    public enum NoiseSuppressionLevel: Int, Sendable, Codable, CaseIterable {
        case low = 0, moderate, high, veryHigh
    }

    /// How readily the VAD calls a frame speech (webrtc's "likelihood": a higher likelihood
    /// setting demands more evidence, so fewer noise frames are called speech).
    public enum VADLikelihood: Int, Sendable, Codable, CaseIterable {
        case veryLow = 0, low, moderate, high
    }

    public struct NoiseSuppression: Sendable, Equatable, Codable {
        public var enabled: Bool
        public var level: NoiseSuppressionLevel
        public init(enabled: Bool = true, level: NoiseSuppressionLevel = .moderate) {
            self.enabled = enabled
            self.level = level
        }
    }

    public struct GainControl: Sendable, Equatable, Codable {
        public var enabled: Bool
        /// Target peak level, in dBFS (webrtc takes 0…31 as a positive number of dB below full scale).
        public var targetLevelDBFS: Int
        public var compressionGainDB: Int
        public init(enabled: Bool = false, targetLevelDBFS: Int = -3, compressionGainDB: Int = 9) {
            self.enabled = enabled
            self.targetLevelDBFS = targetLevelDBFS
            self.compressionGainDB = compressionGainDB
        }
    }

    public struct VoiceDetection: Sendable, Equatable, Codable {
        public var enabled: Bool
        public var likelihood: VADLikelihood
        public init(enabled: Bool = true, likelihood: VADLikelihood = .low) {
            self.enabled = enabled
            self.likelihood = likelihood
        }
    }

    /// How hard webrtc's echo canceller suppresses the residual echo after its linear filter.
    public enum EchoSuppressionLevel: Int, Sendable, Codable, CaseIterable {
        case low = 0, moderate, high
    }

    /// webrtc's echo canceller (AEC, with its extended filter) against the engine's own output.
    /// It starts on the first hop that brings a far-end reference (`FrontEndProcessor.processFarEnd`),
    /// so a stream with no far end — a recording analysed offline — is processed exactly as
    /// without it.
    public struct EchoCancellation: Sendable, Equatable, Codable {
        public var enabled: Bool
        public var suppression: EchoSuppressionLevel
        /// Expected time from a far-end hop being handed over to its echo arriving in the caller's
        /// audio (gateway round trip and jitter buffers); with `delayAgnostic` only the start.
        public var delayMs: Int
        /// Let the canceller estimate the delay itself (a gateway's echo path is not known).
        public var delayAgnostic: Bool
        public init(enabled: Bool = true, suppression: EchoSuppressionLevel = .moderate, delayMs: Int = 60,
                    delayAgnostic: Bool = true) {
            self.enabled = enabled
            self.suppression = suppression
            self.delayMs = delayMs
            self.delayAgnostic = delayAgnostic
        }
    }

    public var highPassEnabled: Bool
    public var noiseSuppression: NoiseSuppression
    public var gainControl: GainControl
    public var voiceDetection: VoiceDetection
    public var echoCancellation: EchoCancellation

    public init(highPassEnabled: Bool = true,
                noiseSuppression: NoiseSuppression = .init(),
                gainControl: GainControl = .init(),
                voiceDetection: VoiceDetection = .init(),
                echoCancellation: EchoCancellation = .init()) {
        self.highPassEnabled = highPassEnabled
        self.noiseSuppression = noiseSuppression
        self.gainControl = gainControl
        self.voiceDetection = voiceDetection
        self.echoCancellation = echoCancellation
    }

    /// Everything off: the front end passes audio through unchanged and reports no voice.
    public static let bypass = FrontEndConfig(
        highPassEnabled: false, noiseSuppression: .init(enabled: false),
        gainControl: .init(enabled: false), voiceDetection: .init(enabled: false),
        echoCancellation: .init(enabled: false))
}
