import Foundation

/// `ivr records … --format json`: the row with times as ISO 8601 UTC strings.
extension StoredCall: Encodable {
    private enum Key: String, CodingKey {
        case id, engine, voice, callerID, codec, startedAt, endedAt, outcome, reason, durationSec, state
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(id, forKey: .id)
        try c.encode(engine, forKey: .engine)
        try c.encode(voice, forKey: .voice)
        try c.encodeIfPresent(callerID, forKey: .callerID)
        try c.encode(codec, forKey: .codec)
        try c.encode(Self.iso8601(startedAt), forKey: .startedAt)
        try c.encodeIfPresent(endedAt.map(Self.iso8601), forKey: .endedAt)
        try c.encodeIfPresent(outcome, forKey: .outcome)
        try c.encodeIfPresent(reason, forKey: .reason)
        try c.encodeIfPresent(durationSec, forKey: .durationSec)
        try c.encode(state, forKey: .state)
    }

    static func iso8601(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }
}
