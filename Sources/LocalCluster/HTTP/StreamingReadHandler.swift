import NIOCore

/// Keeps reading a connection while an answer streams (a watch), so the server sees at once
/// when the client goes: its FIN, or over TLS its close_notify, which swift-nio-ssl answers
/// only when it reads it (a client's TLS stack otherwise waits seconds for that answer).
///
/// NIO's pipelining handler stops reading while a response is pending, so this handler sits
/// below it (just above TLS, or first) and asks for reads itself between the
/// `streamingStarted` and `streamingEnded` events the connection handler sends. What a
/// client sends meanwhile (pipelined requests) is passed on and held by the pipelining
/// handler; past `limit` bytes reading stops, as before, so nothing piles up without end.
final class StreamingReadHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    /// Sent by the connection handler as an outbound user event around a streamed answer.
    enum Event: Sendable {
        case streamingStarted
        case streamingEnded
    }

    /// The most a client may send while an answer streams before the server stops reading.
    static let limit = 64 * 1024

    private var streaming = false
    private var received = 0

    func triggerUserOutboundEvent(context: ChannelHandlerContext, event: Any, promise: EventLoopPromise<Void>?) {
        guard let event = event as? Event else {
            context.triggerUserOutboundEvent(event, promise: promise)
            return
        }
        switch event {
        case .streamingStarted:
            streaming = true
            received = 0
            context.read()
        case .streamingEnded:
            streaming = false
        }
        promise?.succeed(())
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if streaming { received += unwrapInboundIn(data).readableBytes }
        context.fireChannelRead(data)
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        context.fireChannelReadComplete()
        if streaming && received < Self.limit { context.read() }
    }
}
