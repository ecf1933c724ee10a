/// A frame's candidate list in preallocated storage: index 0 is the unvoiced candidate
/// (frequency 0), the rest are voiced.
final class PitchCandidates {
    let frequencies: UnsafeMutableBufferPointer<Float>
    let strengths: UnsafeMutableBufferPointer<Float>
    var count = 0

    init(capacity: Int) {
        frequencies = .allocate(capacity: capacity)
        frequencies.initialize(repeating: 0)
        strengths = .allocate(capacity: capacity)
        strengths.initialize(repeating: 0)
    }

    deinit {
        frequencies.deallocate()
        strengths.deallocate()
    }

    @inline(__always)
    func set(_ i: Int, frequencyHz: Float, strength: Float) {
        frequencies[i] = frequencyHz
        strengths[i] = strength
    }
}
