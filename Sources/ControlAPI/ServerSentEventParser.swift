/// Splits a `text/event-stream` body into messages as its bytes arrive, in any pieces: lines end
/// at LF (a CR before it is dropped), a blank line ends a message, `:` lines are comments, and
/// several `data:` lines join with LF (the WHATWG event-stream rules this engine's streams use).
public struct ServerSentEventParser: Sendable {
    public struct Message: Sendable, Equatable {
        public var id: String?
        public var data: String

        public init(id: String?, data: String) {
            self.id = id
            self.data = data
        }
    }

    private var line: [UInt8] = []
    private var id: String?
    private var data: [String] = []

    public init() {}

    /// Takes the next bytes; the messages they complete.
    public mutating func consume(_ bytes: some Sequence<UInt8>) -> [Message] {
        var messages: [Message] = []
        for byte in bytes {
            guard byte == UInt8(ascii: "\n") else { line.append(byte); continue }
            if line.last == UInt8(ascii: "\r") { line.removeLast() }
            let text = String(decoding: line, as: UTF8.self)
            line.removeAll(keepingCapacity: true)
            if text.isEmpty {
                if !data.isEmpty { messages.append(Message(id: id, data: data.joined(separator: "\n"))) }
                id = nil
                data = []
                continue
            }
            if text.hasPrefix(":") { continue }
            let (field, value) = Self.split(text)
            switch field {
            case "data": data.append(value)
            case "id": id = value
            default: break  // event, retry: not used by this engine
            }
        }
        return messages
    }

    private static func split(_ line: String) -> (String, String) {
        guard let colon = line.firstIndex(of: ":") else { return (line, "") }
        var value = line[line.index(after: colon)...]
        if value.first == " " { value = value.dropFirst() }
        return (String(line[..<colon]), String(value))
    }
}
