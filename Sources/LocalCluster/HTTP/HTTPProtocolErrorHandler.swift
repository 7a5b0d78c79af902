import NIOCore
import NIOHTTP1

/// Ends a connection whose requests cannot be read or whose response cannot be sent, so that
/// no request waits for ever: a request the decoder refuses gets Go's plain-text answer (the
/// apiserver's HTTP server is Go's `net/http`), any other error, such as a response NIO refused
/// to send, closes the connection at once.
///
/// After that answer the connection stops sending and drops what the client still sends for
/// a few seconds, as nginx's lingering close does: closing with unread bytes would make the
/// kernel reset the connection, and the client could lose the answer.
///
/// It replaces NIO's `HTTPServerProtocolErrorHandler`, which answers 400 but leaves the
/// connection open when the failure is in the response.
final class HTTPProtocolErrorHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    /// How long a client may go on sending after the answer (nginx's `lingering_timeout`).
    static let linger: TimeAmount = .seconds(5)

    /// A response head went out and its end did not yet: no other answer can be sent.
    private var responding = false
    /// The refusal was sent; the decoder's later errors are about bytes being dropped.
    private var answered = false

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard !answered else { return }
        let channel = context.channel
        guard !responding, let parserError = error as? HTTPParserError else {
            context.close(promise: nil)
            return
        }
        answered = true
        let text = Array(Self.answer(to: parserError).utf8)
        let headers = HTTPHeaders([("Content-Type", "text/plain; charset=utf-8"), ("Connection", "close"),
                                   ("Content-Length", String(text.count))])
        let status: HTTPResponseStatus = parserError == .headerOverflow ? .requestHeaderFieldsTooLarge : .badRequest
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers))), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: text)))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in channel.close(mode: .output, promise: nil) }
        context.eventLoop.scheduleTask(in: Self.linger) { channel.close(promise: nil) }
    }

    /// What Go's server writes for a request it cannot read.
    static func answer(to error: HTTPParserError) -> String {
        error == .headerOverflow ? "431 Request Header Fields Too Large" : "400 Bad Request"
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head(let head) where head.status.code >= 200: responding = true
        case .end: responding = false
        default: break
        }
        context.write(data, promise: promise)
    }
}
