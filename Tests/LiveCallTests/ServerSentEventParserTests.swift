import ControlAPI
import Testing

/// `ivr call`'s reading of the event stream: messages come out whole however the bytes are cut.
@Suite struct ServerSentEventParserTests {
    static let body = ": call x\n\nid: 0\ndata: {\"t\":0}\n\nid: 1\r\ndata: a\r\ndata: b\r\n\r\nretry: 10\n\ndata:c\n\n"
    static let expected: [ServerSentEventParser.Message] = [
        .init(id: "0", data: #"{"t":0}"#), .init(id: "1", data: "a\nb"), .init(id: nil, data: "c"),
    ]

    @Test(arguments: [1, 2, 3, 7, 1000])
    func messagesComeOutWholeWhateverThePieces(size: Int) {
        var parser = ServerSentEventParser()
        let bytes = Array(Self.body.utf8)
        var messages: [ServerSentEventParser.Message] = []
        for start in stride(from: 0, to: bytes.count, by: size) {
            messages += parser.consume(bytes[start..<min(bytes.count, start + size)])
        }
        #expect(messages == Self.expected)
    }

    @Test func anUnfinishedMessageIsHeldBack() {
        var parser = ServerSentEventParser()
        #expect(parser.consume(Array("id: 0\ndata: x\n".utf8)).isEmpty)
        #expect(parser.consume(Array("\n".utf8)) == [.init(id: "0", data: "x")])
    }
}
