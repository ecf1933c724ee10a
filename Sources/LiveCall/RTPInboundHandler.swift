import NIOCore

/// Hands each datagram on a call's port to the call, on the call's event loop.
final class RTPInboundHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>
    private let call: LiveCall

    init(call: LiveCall) { self.call = call }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let envelope = unwrapInboundIn(data)
        let arrivalMs = Double(NIODeadline.now().uptimeNanoseconds) / 1_000_000
        envelope.data.withUnsafeReadableBytes { call.receive($0, from: envelope.remoteAddress, arrivalMs: arrivalMs) }
    }
}
