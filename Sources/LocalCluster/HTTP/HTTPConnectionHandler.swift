import NIOCore
import NIOHTTP1
import NIOSSL

/// Collects one request at a time from a connection and writes the responder's answer.
///
/// NIO's pipelining handler in front of it holds later requests back until the
/// response `.end` of the current one is written. A body past `limits.maxBodyBytes` is
/// read to its end but not kept (the client learns of the refusal with the connection
/// still in step, as Go's server lets it), then refused.
///
/// One deadline runs at a time: `idleTimeout` until a request's head is read, `bodyTimeout`
/// until its end is; none while the answer is written. When one passes, the connection closes.
final class HTTPConnectionHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    private let responder: any HTTPResponder
    private let limits: HTTPLimits
    private var head: HTTPRequestHead?
    private var body: [UInt8] = []
    /// The current request's body passed the limit: the rest of it is dropped.
    private var bodyTooLarge = false
    private var task: Task<Void, Never>?
    private var deadline: Scheduled<Void>?
    /// The user the connection's client certificate names, read at its first request (the
    /// handshake is over by then); nil inside when it presented none, or is not TLS.
    private var peer: UserInfo??

    init(responder: any HTTPResponder, limits: HTTPLimits) {
        self.responder = responder
        self.limits = limits
    }

    /// Closes the connection `timeout` from now unless another deadline replaces this one.
    private func arm(_ timeout: Duration, context: ChannelHandlerContext) {
        deadline?.cancel()
        let channel = context.channel
        deadline = context.eventLoop.scheduleTask(in: TimeAmount(timeout)) { channel.close(promise: nil) }
    }

    private func disarm() {
        deadline?.cancel()
        deadline = nil
    }

    func handlerAdded(context: ChannelHandlerContext) {
        arm(limits.idleTimeout, context: context)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        disarm()
    }

    /// The end of an answer starts the wait for the next request.
    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) { arm(limits.idleTimeout, context: context) }
        context.write(data, promise: promise)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let part = unwrapInboundIn(data)
        switch part {
        case .head(let head):
            arm(limits.bodyTimeout, context: context)
            self.head = head
            body = []
            let declared = head.headers.first(name: "Content-Length").flatMap { Int($0) } ?? 0
            bodyTooLarge = declared > limits.maxBodyBytes
        case .body(let buffer):
            guard !bodyTooLarge else { return }
            if buffer.readableBytes > limits.maxBodyBytes - body.count {
                bodyTooLarge = true
                body = []
            } else {
                body.append(contentsOf: buffer.readableBytesView)
            }
        case .end:
            disarm()
            guard let head else { return }
            self.head = nil
            let refusal = bodyTooLarge ? HTTPRefusal.bodyTooLarge(limit: limits.maxBodyBytes) : nil
            var request = HTTPRequest(method: head.method.rawValue, uri: head.uri,
                                      headers: head.headers.map { ($0.name, $0.value) }, body: body)
            request.user = user(context)
            body = []
            bodyTooLarge = false
            task = Self.serve(request, refusal: refusal, responder: responder, channel: context.channel,
                              version: head.version, keepAlive: head.isKeepAlive)
        }
    }

    /// Without a TLS handler in the pipeline there is no certificate to read, and no user.
    private func user(_ context: ChannelHandlerContext) -> UserInfo? {
        if let peer { return peer }
        let certificate = (try? context.pipeline.syncOperations.nioSSL_peerCertificate()) ?? nil
        let user = certificate.flatMap(UserInfo.init(certificate:))
        peer = .some(user)
        return user
    }

    private static func serve(_ request: HTTPRequest, refusal: HTTPRefusal?, responder: any HTTPResponder,
                              channel: any Channel, version: HTTPVersion, keepAlive: Bool) -> Task<Void, Never> {
        Task(executorPreference: ClusterExecutor.shared) {
            let response = if let refusal { responder.respond(to: refusal) } else { await responder.respond(to: request) }
            await send(response, on: channel, version: version, keepAlive: keepAlive)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        // A client that hangs up ends its watch.
        task?.cancel()
        disarm()
        context.fireChannelInactive()
    }

    private static func send(_ response: HTTPResponse, on channel: any Channel, version: HTTPVersion, keepAlive: Bool) async {
        var headers = HTTPHeaders(response.headers.map { ($0.name, HTTPResponse.sanitized($0.value)) })
        if !keepAlive { headers.replaceOrAdd(name: "Connection", value: "close") }
        let status = HTTPResponseStatus(statusCode: response.status)
        do {
            switch response.body {
            case .drop:
                try await channel.close()
                return
            case .bytes(let bytes):
                headers.replaceOrAdd(name: "Content-Length", value: String(bytes.count))
                let head = HTTPResponseHead(version: version, status: status, headers: headers)
                // One hop onto the event loop for the whole answer; nothing waits for it.
                channel.eventLoop.execute {
                    channel.write(HTTPServerResponsePart.head(head), promise: nil)
                    if !bytes.isEmpty {
                        channel.write(HTTPServerResponsePart.body(.byteBuffer(ByteBuffer(bytes: bytes))), promise: nil)
                    }
                    // A response NIO refused to send leaves the connection unusable: close it.
                    channel.writeAndFlush(HTTPServerResponsePart.end(nil)).whenComplete { result in
                        if !keepAlive || (try? result.get()) == nil { channel.close(promise: nil) }
                    }
                }
                return
            case .stream(let produce):
                try await channel.writeAndFlush(
                    HTTPServerResponsePart.head(HTTPResponseHead(version: version, status: status, headers: headers))).get()
                // Read on while streaming, so a client that goes is seen at once (StreamingReadHandler).
                channel.triggerUserOutboundEvent(StreamingReadHandler.Event.streamingStarted, promise: nil)
                defer { channel.triggerUserOutboundEvent(StreamingReadHandler.Event.streamingEnded, promise: nil) }
                try await produce(ChannelBodyWriter(channel: channel))
                try await channel.writeAndFlush(HTTPServerResponsePart.end(nil)).get()
            }
            if !keepAlive { try await channel.close() }
        } catch {
            try? await channel.close()
        }
    }
}

/// Writes body chunks of a streamed response to a channel.
struct ChannelBodyWriter: HTTPBodyWriter {
    let channel: any Channel

    func write(_ bytes: [UInt8]) async throws {
        try Task.checkCancellation()
        try await channel.writeAndFlush(HTTPServerResponsePart.body(.byteBuffer(ByteBuffer(bytes: bytes)))).get()
    }
}
