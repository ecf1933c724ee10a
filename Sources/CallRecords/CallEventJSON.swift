import Foundation
import Session

/// An event's flat JSON as replay JSON writes it (sorted keys, slashes unescaped): the
/// `call_events.json` column.
enum CallEventJSON {
    static func encode(_ event: CallEvent) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(event), as: UTF8.self)
    }

    static func decode(_ json: String) throws -> CallEvent {
        try JSONDecoder().decode(CallEvent.self, from: Data(json.utf8))
    }
}
