import AudioCore
import Foundation
import NIOCore
import NIOPosix
import RTP

/// The caller's side of a live call, for `ivr call` and tests: streams audio as RTP in real time
/// (20 ms packets from one clock), presses keys as RFC 4733 events, and records what the engine
/// sends back, time-aligned with what was sent.
public final class RTPCallClient: @unchecked Sendable {
    public struct KeyPress: Sendable, Equatable {
        public var key: Character
        public var atSec: Double
        public init(key: Character, atSec: Double) {
            self.key = key
            self.atSec = atSec
        }
    }

    public struct Result: Sendable {
        /// What was sent and what came back, at the pipeline rate, same length.
        public var callerAudio: [Float]
        public var engineAudio: [Float]
        public var statistics: MediaStatistics
    }

    private let channel: any Channel
    public let localPort: Int

    /// Binds the client's RTP socket on `host` (any free port).
    public init(host: String = "127.0.0.1", group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) async throws {
        let inbox = Inbox()
        channel = try await DatagramBootstrap(group: group)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(ClientHandler(inbox: inbox)) }
            }
            .bind(host: host, port: 0).get()
        localPort = channel.localAddress?.port ?? 0
        self.inbox = inbox
    }

    private let inbox: Inbox

    /// Streams `audio` (pipeline rate) to the engine at `remote`, pressing `keys` on the way,
    /// until the audio ends or `isOver` says the call ended; then `trailingSec` more of silence.
    public func stream(_ audio: [Float], rate: PipelineRate, codec: NegotiatedCodec, to remote: RTPAddress,
                       keys: [KeyPress] = [], trailingSec: Double = 1,
                       isOver: @escaping @Sendable () async -> Bool) async throws -> Result {
        let address = try SocketAddress.makeAddressResolvingHost(remote.address, port: remote.port)
        let media = try MediaPath(codec: codec, rate: rate, remote: address)
        let state = StreamState(media: media, audio: audio, rate: rate, keys: keys.sorted { $0.atSec < $1.atSec },
                                codec: codec, trailingFrames: Int(trailingSec * 50))
        inbox.state = state
        let loop = channel.eventLoop
        let startNs = NIODeadline.now().uptimeNanoseconds
        var frame: UInt64 = 0
        var finishedAt: Int?
        while true {
            frame += 1
            let due = NIODeadline.uptimeNanoseconds(startNs + frame * 20_000_000)
            let more = try await loop.scheduleTask(deadline: due) { [channel] in
                state.tick(nowMs: Double(NIODeadline.now().uptimeNanoseconds) / 1_000_000, channel: channel, remote: address)
            }.futureResult.get()
            if !more { break }
            if frame % 25 == 0, finishedAt == nil, await isOver() { finishedAt = Int(frame) }
            if let finishedAt, Int(frame) - finishedAt > state.trailingFrames { break }
        }
        return try await loop.submit {
            Result(callerAudio: state.sent, engineAudio: state.received, statistics: state.media.statistics)
        }.get()
    }

    public func close() async { try? await channel.close() }

    /// Per-stream state, confined to the channel's loop.
    private final class StreamState: @unchecked Sendable {
        var media: MediaPath
        let audio: [Float]
        let frameSamples: Int
        var keys: [KeyPress]
        let codec: NegotiatedCodec
        let trailingFrames: Int
        var position = 0
        var trailing = 0
        var sender: TelephoneEventSender
        var sent: [Float] = []
        var received: [Float] = []
        var frame: [Float]
        var hop: [Float]
        var packet: [UInt8] = []

        init(media: MediaPath, audio: [Float], rate: PipelineRate, keys: [KeyPress], codec: NegotiatedCodec, trailingFrames: Int) {
            self.media = media
            self.audio = audio
            frameSamples = 2 * rate.hopSamples
            self.keys = keys
            self.codec = codec
            self.trailingFrames = trailingFrames
            sender = TelephoneEventSender(payloadType: codec.telephoneEventPayloadType, packetIntervalSamples: codec.clockRateHz / 50)
            frame = [Float](repeating: 0, count: frameSamples)
            hop = [Float](repeating: 0, count: rate.hopSamples)
        }

        /// One 20 ms frame out and in; false once the audio and the trailing silence are sent.
        func tick(nowMs: Double, channel: any Channel, remote: SocketAddress) -> Bool {
            let timeSec = Double(position) / Double(frameSamples * 50)
            if !sender.isActive, let next = keys.first, next.atSec <= timeSec,
               let code = TelephoneEvent.eventCode(dtmfKey: next.key) {
                keys.removeFirst()
                sender.start(event: code, durationSamples: codec.clockRateHz / 10, timestamp: media.nextTimestamp)
            }
            for i in 0..<frameSamples { frame[i] = position + i < audio.count ? audio[position + i] : 0 }
            let write = { (bytes: UnsafeRawBufferPointer) in
                var buffer = channel.allocator.buffer(capacity: bytes.count)
                buffer.writeBytes(bytes)
                channel.writeAndFlush(AddressedEnvelope(remoteAddress: remote, data: buffer), promise: nil)
            }
            if !media.sendEventPackets(&sender, send: write) {
                let n = frame.withUnsafeBufferPointer { media.packetize($0, talking: true, into: &packet, lateMs: 0) }
                if n > 0 { packet.withUnsafeBytes { write(UnsafeRawBufferPointer(rebasing: $0[0..<n])) } }
            }
            sent += frame
            for h in 0..<2 {
                let got = hop.withUnsafeMutableBufferPointer { media.nextCallerHop(nowMs: nowMs + Double(10 * h), into: $0) }
                received += got ? hop : [Float](repeating: 0, count: hop.count)
            }
            position += frameSamples
            if position >= audio.count { trailing += 1 }
            return trailing <= trailingFrames
        }
    }

    private final class Inbox: @unchecked Sendable {
        var state: StreamState?
    }

    private final class ClientHandler: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = AddressedEnvelope<ByteBuffer>
        let inbox: Inbox
        init(inbox: Inbox) { self.inbox = inbox }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let envelope = unwrapInboundIn(data)
            let arrivalMs = Double(NIODeadline.now().uptimeNanoseconds) / 1_000_000
            envelope.data.withUnsafeReadableBytes { inbox.state?.media.receive($0, from: envelope.remoteAddress, arrivalMs: arrivalMs) }
        }
    }
}
