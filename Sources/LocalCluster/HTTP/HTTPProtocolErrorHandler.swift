import NIOCore
import NIOHTTP1

/// Ends a connection whose requests cannot be read or whose response cannot be sent, so that
/// no request waits for ever: a request the decoder refuses gets Go's plain-text answer (the
/// apiserver's HTTP server is Go's `net/http`) and the connection closes; any other error, such
/// as a response NIO refused to send, closes the connection at once.
///
/// It replaces NIO's `HTTPServerProtocolErrorHandler`, which answers 400 but leaves the
/// connection open when the failure is in the response.
final class HTTPProtocolErrorHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    /// A response head went out and its end did not yet: no other answer can be sent.
    private var responding = false

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        let channel = context.channel
        guard !responding, let parserError = error as? HTTPParserError else {
            context.close(promise: nil)
            return
        }
        let text = Array(Self.answer(to: parserError).utf8)
        let headers = HTTPHeaders([("Content-Type", "text/plain; charset=utf-8"), ("Connection", "close"),
                                   ("Content-Length", String(text.count))])
        let status: HTTPResponseStatus = parserError == .headerOverflow ? .requestHeaderFieldsTooLarge : .badRequest
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers))), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: text)))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in channel.close(promise: nil) }
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
