/// Wrap-around arithmetic on RTP sequence numbers (16 bits) and timestamps (32 bits):
/// serial-number comparison (RFC 1982), as RFC 3550 uses for both. A difference of exactly
/// half the space is ambiguous; it counts as "not newer" in both directions.
public enum RTPSerial {
    /// Signed distance from `b` to `a` (positive when `a` is after `b`), -32768…32767.
    @inlinable public static func distance(from b: UInt16, to a: UInt16) -> Int { Int(Int16(bitPattern: a &- b)) }
    /// Signed distance from `b` to `a` in timestamp units, −2³¹…2³¹−1.
    @inlinable public static func distance(from b: UInt32, to a: UInt32) -> Int { Int(Int32(bitPattern: a &- b)) }
    /// Whether sequence number `a` comes after `b`.
    @inlinable public static func isNewer(_ a: UInt16, than b: UInt16) -> Bool { distance(from: b, to: a) > 0 }
    /// Whether timestamp `a` comes after `b`.
    @inlinable public static func isNewer(_ a: UInt32, than b: UInt32) -> Bool { distance(from: b, to: a) > 0 }
}

/// Unwraps 32-bit RTP timestamps into a 64-bit timeline: each timestamp is placed within
/// ±2³¹ of the newest seen so far, so a stream may run for any time (2³² ticks at 48 kHz is
/// under 25 hours).
public struct TimestampUnwrapper: Sendable, Hashable {
    private var newest: UInt32 = 0
    private var newestExtended: Int64 = 0
    private var started = false

    public init() {}

    /// The extended value of `timestamp`.
    public mutating func extend(_ timestamp: UInt32) -> Int64 {
        guard started else {
            started = true
            newest = timestamp
            newestExtended = Int64(timestamp)
            return newestExtended
        }
        let extended = newestExtended + Int64(RTPSerial.distance(from: newest, to: timestamp))
        if extended > newestExtended {
            newest = timestamp
            newestExtended = extended
        }
        return extended
    }

    /// Forgets the stream (the next timestamp starts a new timeline).
    public mutating func reset() { self = TimestampUnwrapper() }
}
