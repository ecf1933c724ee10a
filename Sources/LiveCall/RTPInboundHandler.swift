import NIOCore

/// Hands each datagram on a call's port (RTP, or RTCP on the port above) to the call, on the
/// call's event loop.
final class RTPInboundHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>
    private let call: LiveCall
    private let isControl: Bool

    init(call: LiveCall, control: Bool = false) {
        self.call = call
        isControl = control
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let envelope = unwrapInboundIn(data)
        let arrivalMs = Double(NIODeadline.now().uptimeNanoseconds) / 1_000_000
        envelope.data.withUnsafeReadableBytes { bytes in
            if isControl {
                call.receiveControl(bytes, from: envelope.remoteAddress, arrivalMs: arrivalMs)
            } else {
                call.receive(bytes, from: envelope.remoteAddress, arrivalMs: arrivalMs)
            }
        }
    }
}
