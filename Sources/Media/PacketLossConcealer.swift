internal import CSpanDSP

/// spandsp's packet-loss concealment for waveform codecs (G.711, L16): it keeps the last
/// pitch periods of good audio (`plc_rx`) and, for a lost packet, repeats them with a fade
/// (`plc_fillin`), fading back in on the next good packet. Tuned for 8 kHz (pitch 66–200 Hz);
/// at 16 kHz it searches 133–400 Hz periods, which still covers most voices above the bass.
/// One owner; not thread-safe.
final class PacketLossConcealer {
    private let state: UnsafeMutablePointer<plc_state_t>

    init() {
        guard let s = plc_init(nil) else { preconditionFailure("spandsp plc_init failed to allocate") }
        state = s
    }

    deinit { plc_free(state) }

    /// Records good audio (and crossfades it in after a concealment). In place.
    func receive(_ samples: UnsafeMutableBufferPointer<Int16>) {
        guard let base = samples.baseAddress, !samples.isEmpty else { return }
        plc_rx(state, base, Int32(samples.count))
    }

    /// Synthesizes `samples.count` samples for a lost packet. In place.
    func fill(_ samples: UnsafeMutableBufferPointer<Int16>) {
        guard let base = samples.baseAddress, !samples.isEmpty else { return }
        plc_fillin(state, base, Int32(samples.count))
    }

    func reset() { plc_init(state) }
}
