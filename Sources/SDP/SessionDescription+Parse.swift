extension SessionDescription {
    /// Larger offers are refused before parsing (a real audio offer is well under 2 kB).
    public static let maximumBytes = 16_384

    /// Reads the first audio stream of an SDP offer or answer. Lines may end in CRLF or LF;
    /// attributes of other media streams are ignored.
    public init(parsing text: String) throws(SDPError) {
        guard text.utf8.count <= Self.maximumBytes else {
            throw .tooLarge(bytes: text.utf8.count, limit: Self.maximumBytes)
        }
        var sessionAddress: String?, mediaAddress: String?
        var port: Int?, types: [UInt8] = []
        var maps: [UInt8: RTPMap] = [:], fmtp: [UInt8: String] = [:], ptime: Int?
        var inAudio = false, seenAudio = false
        // "\r\n" is one Character in Swift, and a newline like "\n".
        for (n, raw) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let line = String(raw)
            guard line.count >= 2, line.dropFirst().first == "=" else { continue }
            let value = String(line.dropFirst(2))
            switch line.first {
            case "m":
                inAudio = false
                guard !seenAudio, value.hasPrefix("audio ") else { continue }
                let f = value.split(separator: " ")
                guard f.count >= 4, let p = Int(f[1]), (0...65535).contains(p) else {
                    throw .malformed(line: n + 1, text: line, expected: "m=audio PORT RTP/AVP PT…")
                }
                var pts: [UInt8] = []
                for token in f.dropFirst(3) {
                    guard let pt = UInt8(token), pt < 128 else {
                        throw .malformed(line: n + 1, text: line, expected: "payload types 0–127")
                    }
                    pts.append(pt)
                }
                port = p
                types = pts
                inAudio = true
                seenAudio = true
            case "c":
                let f = value.split(separator: " ")
                guard f.count >= 3, f[0] == "IN" else {
                    throw .malformed(line: n + 1, text: line, expected: "c=IN IP4 ADDRESS")
                }
                let address = String(f[2].split(separator: "/").first ?? f[2])
                if inAudio { mediaAddress = address } else if !seenAudio { sessionAddress = address }
            case "a" where inAudio:
                if value.hasPrefix("rtpmap:") {
                    let map = try Self.rtpMap(String(value.dropFirst(7)), line: n + 1, text: line)
                    maps[map.payloadType] = map
                } else if value.hasPrefix("fmtp:") {
                    let f = value.dropFirst(5).split(separator: " ", maxSplits: 1)
                    if f.count == 2, let pt = UInt8(f[0]) { fmtp[pt] = String(f[1]) }
                } else if value.hasPrefix("ptime:") {
                    ptime = Int(value.dropFirst(6))
                }
            default:
                continue
            }
        }
        guard let port else { throw .missing("m=audio line") }
        guard let address = mediaAddress ?? sessionAddress else { throw .missing("c= connection address") }
        for pt in types where maps[pt] == nil { maps[pt] = RTPMap.staticTypes[pt] }
        self.init(address: address, port: port, payloadTypes: types, rtpMaps: maps, formatParameters: fmtp,
                  packetTimeMs: ptime)
    }

    private static func rtpMap(_ s: String, line: Int, text: String) throws(SDPError) -> RTPMap {
        let f = s.split(separator: " ", maxSplits: 1)
        let parts = f.count == 2 ? f[1].split(separator: "/") : []
        guard f.count == 2, let pt = UInt8(f[0]), pt < 128, parts.count >= 2, let clock = Int(parts[1]), clock > 0,
              clock <= 192_000 else {
            throw .malformed(line: line, text: text, expected: "a=rtpmap:PT ENCODING/CLOCK[/CHANNELS]")
        }
        let channels = parts.count > 2 ? Int(parts[2]) ?? 1 : 1
        return RTPMap(payloadType: pt, encoding: String(parts[0]), clockRateHz: clock, channels: max(1, min(channels, 8)))
    }

    /// The SDP text of this description (an answer, or an offer for a peer such as ffmpeg).
    public func text(sessionName: String = "ivr-engine", origin: String = "ivr-engine") -> String {
        var lines = ["v=0", "o=\(origin) 0 0 IN IP4 \(address)", "s=\(sessionName)", "c=IN IP4 \(address)", "t=0 0",
                     "m=audio \(port) RTP/AVP " + payloadTypes.map(String.init).joined(separator: " ")]
        for pt in payloadTypes {
            guard let m = rtpMaps[pt] else { continue }
            lines.append("a=rtpmap:\(pt) \(m.encoding)/\(m.clockRateHz)" + (m.channels > 1 ? "/\(m.channels)" : ""))
            if let f = formatParameters[pt] { lines.append("a=fmtp:\(pt) \(f)") }
        }
        if let packetTimeMs { lines.append("a=ptime:\(packetTimeMs)") }
        lines.append("a=sendrecv")
        return lines.joined(separator: "\r\n") + "\r\n"
    }
}
