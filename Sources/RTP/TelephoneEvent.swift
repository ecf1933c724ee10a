/// One RFC 4733 telephone-event payload (§2.3): four bytes, network order.
///
///     0                   1                   2                   3
///     0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
///    |     event     |E|R| volume    |          duration             |
public struct TelephoneEvent: Sendable, Hashable {
    public static let byteCount = 4
    /// The payload type most gateways offer for `telephone-event/8000` (Asterisk, FreeSWITCH).
    public static let defaultPayloadType: UInt8 = 101

    /// Event code: 0–9 digits, 10 `*`, 11 `#`, 12–15 A–D (RFC 4733 §3.2).
    public var event: UInt8
    /// The E bit: this packet reports the end of the event.
    public var isEnd: Bool
    /// The R bit: reserved, sent as 0 and ignored on receipt.
    public var reserved: Bool
    /// Power level in −dBm0 (0…63); DTMF uses 0…36.
    public var volume: UInt8
    /// Duration so far in RTP timestamp units, from the event's timestamp.
    public var duration: UInt16

    public init(event: UInt8, isEnd: Bool = false, reserved: Bool = false, volume: UInt8 = 10, duration: UInt16) {
        self.event = event
        self.isEnd = isEnd
        self.reserved = reserved
        self.volume = volume & 0x3F
        self.duration = duration
    }

    /// Reads the first event of a payload (a payload may carry several, RFC 4733 §2.5.1.5;
    /// the first is the current one).
    public static func parse(_ payload: UnsafeRawBufferPointer) throws(RTPParseError) -> TelephoneEvent {
        guard payload.count >= byteCount else {
            throw .tooShort(what: "RFC 4733 telephone-event payload", needed: byteCount, got: payload.count)
        }
        return TelephoneEvent(event: payload[0], isEnd: payload[1] & 0x80 != 0, reserved: payload[1] & 0x40 != 0,
                              volume: payload[1] & 0x3F, duration: payload.u16(at: 2))
    }

    public static func parse(_ payload: [UInt8]) throws(RTPParseError) -> TelephoneEvent {
        try payload.withUnsafeBytes { raw in Result { () throws(RTPParseError) -> TelephoneEvent in try parse(raw) } }.get()
    }

    /// Writes the four payload bytes at the start of `output`.
    public func write(into output: UnsafeMutableRawBufferPointer) throws(RTPBuildError) -> Int {
        guard output.count >= Self.byteCount else { throw .bufferTooSmall(needed: Self.byteCount, available: output.count) }
        output[0] = event
        output[1] = (isEnd ? 0x80 : 0) | (reserved ? 0x40 : 0) | (volume & 0x3F)
        output.put16(duration, at: 2)
        return Self.byteCount
    }

    /// The four payload bytes.
    public var bytes: [UInt8] {
        [event, (isEnd ? 0x80 : 0) | (reserved ? 0x40 : 0) | (volume & 0x3F), UInt8(duration >> 8), UInt8(duration & 0xFF)]
    }

    /// The DTMF key for event codes 0–15 (`"0"…"9"`, `"*"`, `"#"`, `"A"…"D"`), nil otherwise.
    public static func dtmfKey(_ event: UInt8) -> Character? {
        event < 16 ? Array("0123456789*#ABCD")[Int(event)] : nil
    }

    /// The event code of a DTMF key, nil for anything else.
    public static func eventCode(dtmfKey key: Character) -> UInt8? {
        Array("0123456789*#ABCD").firstIndex(of: Character(key.uppercased())).map(UInt8.init)
    }
}
