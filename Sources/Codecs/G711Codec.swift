internal import CSpanDSP
import AudioCore

/// G.711 µ-law (PCMU, RTP payload type 0) and A-law (PCMA, payload type 8), via spandsp.
///
/// One byte per sample at 8 kHz. Float samples use the pipeline's scale (full scale = 1.0,
/// Int16 / 32768); values beyond full scale saturate. The codec is stateless: one value may be
/// shared freely between calls and threads.
public struct G711Codec: Sendable, Hashable {
    public enum Law: Sendable, Hashable, CaseIterable {
        /// µ-law (PCMU): North America and Japan.
        case ulaw
        /// A-law (PCMA): Europe and most of the rest of the world.
        case alaw
    }

    public let law: Law

    public init(law: Law) { self.law = law }

    /// Encodes `samples` into the first `samples.count` bytes of `bytes`. Does not allocate.
    /// - Precondition: `bytes.count >= samples.count`.
    public func encode(_ samples: UnsafeBufferPointer<Float>, into bytes: UnsafeMutableBufferPointer<UInt8>) {
        precondition(bytes.count >= samples.count,
                     "G711Codec.encode: output holds \(bytes.count) bytes, needs \(samples.count)")
        switch law {
        case .ulaw:
            for i in 0..<samples.count {
                bytes[i] = linear_to_ulaw(Int32(SampleConversion.toInt16(samples[i])))
            }
        case .alaw:
            for i in 0..<samples.count {
                bytes[i] = linear_to_alaw(Int32(SampleConversion.toInt16(samples[i])))
            }
        }
    }

    /// Decodes `bytes` into the first `bytes.count` samples of `samples`. Does not allocate.
    /// - Precondition: `samples.count >= bytes.count`.
    public func decode(_ bytes: UnsafeBufferPointer<UInt8>, into samples: UnsafeMutableBufferPointer<Float>) {
        precondition(samples.count >= bytes.count,
                     "G711Codec.decode: output holds \(samples.count) samples, needs \(bytes.count)")
        let table = law == .ulaw ? G711Codec.ulawTable : G711Codec.alawTable
        table.withUnsafeBufferPointer { t in
            for i in 0..<bytes.count { samples[i] = t[Int(bytes[i])] }
        }
    }

    /// Encodes one sample.
    public func encode(sample: Float) -> UInt8 {
        let linear = Int32(SampleConversion.toInt16(sample))
        return law == .ulaw ? linear_to_ulaw(linear) : linear_to_alaw(linear)
    }

    /// Decodes one byte.
    public func decode(byte: UInt8) -> Float {
        law == .ulaw ? G711Codec.ulawTable[Int(byte)] : G711Codec.alawTable[Int(byte)]
    }

    /// Encodes 16-bit linear samples (the form G.711 is specified in).
    public func encode(linear: Int16) -> UInt8 {
        law == .ulaw ? linear_to_ulaw(Int32(linear)) : linear_to_alaw(Int32(linear))
    }

    /// The 16-bit linear value a code decodes to.
    public func linearValue(of byte: UInt8) -> Int16 {
        law == .ulaw ? ulaw_to_linear(byte) : alaw_to_linear(byte)
    }

    /// Encodes an array of samples (allocates the result).
    public func encode(_ samples: [Float]) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: samples.count) { out, count in
            samples.withUnsafeBufferPointer { encode($0, into: out) }
            count = samples.count
        }
    }

    /// Decodes an array of bytes (allocates the result).
    public func decode(_ bytes: [UInt8]) -> [Float] {
        [Float](unsafeUninitializedCapacity: bytes.count) { out, count in
            bytes.withUnsafeBufferPointer { decode($0, into: out) }
            count = bytes.count
        }
    }

    // Decoding is a 256-entry lookup: exact (every code is an Int16 value) and branch-free.
    private static let ulawTable: [Float] = (0...255).map { SampleConversion.toFloat(ulaw_to_linear(UInt8($0))) }
    private static let alawTable: [Float] = (0...255).map { SampleConversion.toFloat(alaw_to_linear(UInt8($0))) }
}
