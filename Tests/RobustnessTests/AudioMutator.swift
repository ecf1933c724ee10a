import AudioCore
import Foundation
import TestSupport

/// Seeded mutations of audio files: bit flips, truncations, header fields, spliced bytes,
/// garbage, chained streams, and files built with hostile content (NaN, ±inf, denormals, DC,
/// full scale, huge values), 0–81 samples, odd rates and channel counts.
struct AudioMutator {
    struct Base {
        var name: String
        var bytes: Data
    }

    var random: SplitMix64
    let bases: [Base]

    static let oddRates = [8000, 11025, 16000, 22050, 44100, 48000, 96000, 192_000, 7999, 4000, 384_000, 1, 0, 192_001, 8001]
    static let oddChannels = [1, 1, 2, 2, 3, 6, 64, 65, 0]

    /// Bases: 1 s of real speech with a DTMF-like tone pair, as WAV PCM 16, float, µ-law, A-law
    /// (8 kHz), PCM 16 at 44.1 kHz stereo, FLAC, and Ogg/Opus (sox and ffmpeg).
    static func makeBases(in dir: URL) throws -> [Base] {
        let speech = try TestWAV.read(Paths.codec2Wav.appendingPathComponent("hts1a.wav"))
        let n = min(8000, speech.samples.count)
        let mixed = (0..<n).map { i -> Float in
            let t = Double(i) / 8000
            let tone = i > 5600 && i < 6400 ? Float(0.2 * (sin(2 * .pi * 697 * t) + sin(2 * .pi * 1209 * t))) : 0
            return max(-1, min(1, speech.samples[i] + tone))
        }
        let pcm = dir.appendingPathComponent("base.wav")
        try WAVBytes.make(.pcm16, rateHz: 8000, payload: WAVBytes.pcm16Payload(mixed.map { Int16($0 * 32767) })).write(to: pcm)
        var bases = [Base(name: "pcm16.wav", bytes: try Data(contentsOf: pcm)),
                     Base(name: "float.wav", bytes: WAVBytes.make(.float32, rateHz: 8000, payload: WAVBytes.floatPayload(mixed)))]
        func sox(_ name: String, _ args: [String]) throws {
            let out = dir.appendingPathComponent(name)
            try ExternalTool.sox([pcm.path] + args + [out.path])
            bases.append(Base(name: name, bytes: try Data(contentsOf: out)))
        }
        try sox("ulaw.wav", ["-e", "u-law"])
        try sox("alaw.wav", ["-e", "a-law"])
        try sox("stereo44k.wav", ["-r", "44100", "-c", "2"])
        try sox("speech.flac", [])
        let opus = dir.appendingPathComponent("speech.ogg")
        try ExternalTool.ffmpeg(["-i", pcm.path, "-c:a", "libopus", "-b:a", "16k", opus.path])
        bases.append(Base(name: "speech.ogg", bytes: try Data(contentsOf: opus)))
        return bases
    }

    init(seed: UInt64, bases: [Base]) {
        random = SplitMix64(seed: seed)
        self.bases = bases
    }

    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &random) }
    mutating func pick<T>(_ items: [T]) -> T { items[int(0...(items.count - 1))] }

    /// The `index`-th mutant: a file name (its extension tells libsndfile nothing it trusts) and bytes.
    mutating func mutant(_ index: Int) -> (name: String, bytes: Data, kind: String) {
        let base = pick(bases)
        var b = [UInt8](base.bytes)
        let ext = base.name.split(separator: ".").last.map(String.init) ?? "wav"
        switch index % 10 {
        case 0:
            for _ in 0..<int(1...8) where !b.isEmpty { b[int(0...(b.count - 1))] ^= UInt8(1 << int(0...7)) }
            return ("\(index)-flip-\(base.name)", Data(b), "bit flips")
        case 1:
            let limit = min(b.count, ext == "wav" ? 64 : 256) - 1
            for _ in 0..<int(1...4) { b[int(0...limit)] ^= UInt8(1 << int(0...7)) }
            return ("\(index)-headerflip-\(base.name)", Data(b), "header bit flips")
        case 2:
            return ("\(index)-cut-\(base.name)", Data(b.prefix(int(0...b.count))), "truncation")
        case 3:
            let at = int(0...11) * 4
            let values: [UInt32] = [0, 1, 0xFFFF_FFFF, 0x7FFF_FFFF, 0x8000_0000, UInt32(int(0...Int(UInt16.max))), 44100, 2]
            let v = pick(values)
            for k in 0..<4 where at + k < b.count { b[at + k] = UInt8(truncatingIfNeeded: v >> (8 * UInt32(k))) }
            return ("\(index)-field-\(base.name)", Data(b), "header field")
        case 4:
            return hostileFloat(index)
        case 5:
            return tinyInteger(index)
        case 6:
            let encoding = pick(WAVBytes.Encoding.allCases)
            let payload = (0..<int(0...4000)).map { _ in UInt8(int(0...255)) }
            let size = pick([0, 1, payload.count / 2, payload.count * 2, Int(UInt32.max), int(0...100_000)])
            return ("\(index)-datasize.wav", WAVBytes.make(encoding, rateHz: pick(Self.oddRates), channels: pick([1, 2]), payload: payload, dataSize: size), "data size mismatch")
        case 7:
            let from = int(0...max(0, b.count - 1)), length = int(0...min(4096, b.count - from))
            if int(0...1) == 0 {
                b.removeSubrange(from..<(from + length))
            } else {
                b.insert(contentsOf: b[from..<(from + length)], at: int(0...b.count))
            }
            return ("\(index)-splice-\(base.name)", Data(b), "splice")
        case 8:
            let garbage = (0..<int(1...2000)).map { _ in UInt8(int(0...255)) }
            return int(0...1) == 0 ? ("\(index)-tail-\(base.name)", Data(b + garbage), "trailing garbage")
                : ("\(index)-head-\(base.name)", Data(garbage + b), "leading garbage")
        default:
            let other = pick(bases)
            return ("\(index)-chain-\(base.name)", Data(b + [UInt8](other.bytes)), "concatenated files")
        }
    }

    /// Float WAV whose samples are NaN, ±inf, denormals, DC, full scale or huge, at odd rates and
    /// channel counts.
    private mutating func hostileFloat(_ index: Int) -> (String, Data, String) {
        let count = pick([0, 1, 2, 79, 80, 81, int(0...81), 800, 8000])
        let channels = pick(Self.oddChannels)
        let special: [Float] = [.nan, .infinity, -.infinity, .leastNonzeroMagnitude, -.leastNonzeroMagnitude,
                                .leastNormalMagnitude, 1, -1, 0.5, 1e30, -1e30, .greatestFiniteMagnitude, Float(bitPattern: 0xFFC0_0001)]
        let style = int(0...3)
        let samples: [Float] = (0..<(count * max(1, channels))).map { i in
            switch style {
            case 0: return pick(special)
            case 1: return i % 7 == 0 ? pick(special) : Float(sin(Double(i) * 0.3)) * 0.5
            case 2: return 1   // DC at full scale
            default: return i % 2 == 0 ? 1 : -1
            }
        }
        return ("\(index)-float.wav", WAVBytes.make(.float32, rateHz: pick(Self.oddRates), channels: channels,
                                                    payload: WAVBytes.floatPayload(samples)), "hostile float content")
    }

    /// 0–81 integer samples at odd rates and channel counts.
    private mutating func tinyInteger(_ index: Int) -> (String, Data, String) {
        let encoding = pick([WAVBytes.Encoding.pcm16, .ulaw, .alaw])
        let channels = pick(Self.oddChannels)
        let count = int(0...81) * max(1, channels)
        let payload = (0..<(count * encoding.bytesPerSample)).map { _ in UInt8(int(0...255)) }
        return ("\(index)-tiny.wav", WAVBytes.make(encoding, rateHz: pick(Self.oddRates), channels: channels, payload: payload), "0–81 samples")
    }
}
