import AudioCore
import Codecs
import Foundation

/// The line a recording is sent through for training and evaluation: telephone band (8 kHz,
/// 300–3400 Hz) with a codec, or wideband Opus; an optional line gain before the codec.
/// Deterministic: built on our own codecs (spandsp G.711, libopus, speexdsp resampler).
public struct ChannelCondition: Sendable, Hashable, CustomStringConvertible {
    public enum Codec: String, Sendable, Hashable, CaseIterable {
        /// Telephone band, G.711 µ-law (the training channel).
        case pcmu
        /// Telephone band, G.711 A-law.
        case pcma
        /// Telephone band, 16-bit linear.
        case l16
        /// Telephone band, Opus narrowband (8 kHz, 12 kbit/s, VoIP mode).
        case opusNarrowband = "opus-nb"
        /// Wideband Opus (16 kHz, 24 kbit/s, VoIP mode); analysed at 16 kHz.
        case opusWideband = "opus-wb"
    }

    public var codec: Codec
    /// Line gain before the codec (samples clip at full scale, as on a real line).
    public var gainDB: Float

    public init(codec: Codec, gainDB: Float = 0) {
        self.codec = codec
        self.gainDB = gainDB
    }

    public static let telephone = ChannelCondition(codec: .pcmu)

    /// Parses "pcmu", "opus-nb", "pcmu+10", "pcma-6" or the `description` form "pcmu +10 dB".
    public init?(parsing text: String) {
        let compact = text.replacingOccurrences(of: " ", with: "").replacingOccurrences(of: "dB", with: "")
        for codec in Codec.allCases.sorted(by: { $0.rawValue.count > $1.rawValue.count }) where compact.hasPrefix(codec.rawValue) {
            let rest = compact.dropFirst(codec.rawValue.count)
            if rest.isEmpty { self.init(codec: codec); return }
            guard rest.first == "+" || rest.first == "-", let gain = Float(rest), gain.isFinite, abs(gain) <= 60 else { return nil }
            self.init(codec: codec, gainDB: gain)
            return
        }
        return nil
    }

    public var pipelineRate: PipelineRate { codec == .opusWideband ? .wideband : .narrowband }

    public var description: String {
        gainDB == 0 ? codec.rawValue : "\(codec.rawValue) \(gainDB > 0 ? "+" : "")\(String(format: "%g", gainDB)) dB"
    }

    /// `samples` at `rateHz` through this line; the result is at `pipelineRate`.
    public func apply(_ samples: [Float], rateHz: Int) throws -> [Float] {
        let out = pipelineRate.hz
        var x = samples
        if rateHz != out {
            x = try Resampler(inputRateHz: rateHz, outputRateHz: out).resample(x)
        }
        if codec != .opusWideband { x = TelephoneBandFilter(sampleRateHz: out).filtered(x) }
        if gainDB != 0 {
            let g = Level.amplitude(gainDB: gainDB)
            x = x.map { max(-1, min(1, $0 * g)) }
        } else {
            x = x.map { max(-1, min(1, $0)) }
        }
        switch codec {
        case .pcmu: return G711Codec(law: .ulaw).decode(G711Codec(law: .ulaw).encode(x))
        case .pcma: return G711Codec(law: .alaw).decode(G711Codec(law: .alaw).encode(x))
        case .l16: return x.map { (($0 * 32767).rounded()) / 32767 }
        case .opusNarrowband: return try opus(x, rateHz: out, bitrateBps: 12_000)
        case .opusWideband: return try opus(x, rateHz: out, bitrateBps: 24_000)
        }
    }

    private func opus(_ x: [Float], rateHz: Int, bitrateBps: Int) throws -> [Float] {
        let encoder = try OpusEncoder(sampleRateHz: rateHz, application: .voip, bitrateBps: bitrateBps)
        let decoder = try OpusDecoder(sampleRateHz: rateHz)
        let frame = encoder.frameSamplesPerChannel
        var padded = x
        padded += [Float](repeating: 0, count: (frame - x.count % frame) % frame + frame)
        var out: [Float] = []
        out.reserveCapacity(padded.count)
        for start in stride(from: 0, to: padded.count, by: frame) {
            let packet = try encoder.encode(frame: Array(padded[start..<start + frame]))
            out += try decoder.decode(packet: packet)
        }
        // Undo the codec's delay (encoder lookahead) so turns line up with the original.
        let delay = rateHz * 13 / 2000  // 6.5 ms: Opus' algorithmic delay in VoIP mode
        return Array(out.dropFirst(delay).prefix(x.count))
    }
}

/// The telephone band: 4th-order Butterworth high-pass at 300 Hz and low-pass at 3400 Hz
/// (ITU-T G.712's pass band), as cascaded biquads (RBJ cookbook forms).
struct TelephoneBandFilter {
    private var sections: [Biquad]

    init(sampleRateHz: Int, lowHz: Double = 300, highHz: Double = 3400) {
        let q = [0.541_196_1, 1.306_563]  // 4th-order Butterworth pole pairs
        sections = q.map { Biquad.highPass(hz: lowHz, q: $0, rateHz: Double(sampleRateHz)) }
            + q.map { Biquad.lowPass(hz: min(highHz, 0.45 * Double(sampleRateHz)), q: $0, rateHz: Double(sampleRateHz)) }
    }

    func filtered(_ x: [Float]) -> [Float] {
        var y = x.map(Double.init)
        for s in sections { y = s.filtered(y) }
        return y.map(Float.init)
    }
}

struct Biquad {
    var b0, b1, b2, a1, a2: Double

    static func lowPass(hz: Double, q: Double, rateHz: Double) -> Biquad {
        let w = 2 * Double.pi * hz / rateHz, alpha = sin(w) / (2 * q), c = cos(w), a0 = 1 + alpha
        return Biquad(b0: (1 - c) / 2 / a0, b1: (1 - c) / a0, b2: (1 - c) / 2 / a0, a1: -2 * c / a0, a2: (1 - alpha) / a0)
    }

    static func highPass(hz: Double, q: Double, rateHz: Double) -> Biquad {
        let w = 2 * Double.pi * hz / rateHz, alpha = sin(w) / (2 * q), c = cos(w), a0 = 1 + alpha
        return Biquad(b0: (1 + c) / 2 / a0, b1: -(1 + c) / a0, b2: (1 + c) / 2 / a0, a1: -2 * c / a0, a2: (1 - alpha) / a0)
    }

    func filtered(_ x: [Double]) -> [Double] {
        var (x1, x2, y1, y2) = (0.0, 0.0, 0.0, 0.0)
        return x.map { x0 in
            let y0 = b0 * x0 + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2
            (x2, x1, y2, y1) = (x1, x0, y1, y0)
            return y0
        }
    }
}
