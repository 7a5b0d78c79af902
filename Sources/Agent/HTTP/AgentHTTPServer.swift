import NIOCore
import NIOHTTP1
import NIOPosix

/// A request as the agent's endpoints see it.
package struct AgentRequest: Sendable {
    package var method: String
    /// The path, without the query.
    package var path: String
    package var headers: [(name: String, value: String)]
    package var body: [UInt8]

    /// The first value of header `name`, compared without case.
    package func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}

/// An answer: a status, headers and a body.
package struct AgentResponse: Sendable {
    package var status: Int
    package var headers: [(String, String)]
    package var body: [UInt8]

    package init(status: Int, contentType: String = "text/plain; charset=utf-8", body: [UInt8]) {
        self.status = status
        headers = [("Content-Type", contentType)]
        self.body = body
    }

    package static func text(_ status: Int, _ text: String) -> AgentResponse {
        AgentResponse(status: status, body: Array((text + "\n").utf8))
    }
}

/// A small HTTP/1.1 server for the agent's endpoints: one request at a time
/// per connection, bodies bounded (413 past the limit, read to the end but
/// not kept), idle connections closed.
final class AgentHTTPServer: Sendable {
    private let group: MultiThreadedEventLoopGroup
    private let channel: any Channel
    /// The port listened on (the one picked when 0 was asked for).
    let port: Int

    init(host: String, port: Int, maxBodyBytes: Int,
         handler: @escaping @Sendable (AgentRequest) async -> AgentResponse) async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 64)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    try channel.pipeline.syncOperations.addHandler(AgentConnectionHandler(maxBodyBytes: maxBodyBytes, handler: handler))
                }
            }
        do {
            channel = try await bootstrap.bind(host: host, port: port).get()
        } catch {
            try? await group.shutdownGracefully()
            throw error
        }
        self.group = group
        self.port = channel.localAddress?.port ?? port
    }

    func shutdown() async {
        try? await channel.close()
        try? await group.shutdownGracefully()
    }
}

final class AgentConnectionHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    let maxBodyBytes: Int
    let handler: @Sendable (AgentRequest) async -> AgentResponse
    private var head: HTTPRequestHead?
    private var body: [UInt8] = []
    private var tooLarge = false
    private var idle: Scheduled<Void>?

    init(maxBodyBytes: Int, handler: @escaping @Sendable (AgentRequest) async -> AgentResponse) {
        self.maxBodyBytes = maxBodyBytes
        self.handler = handler
    }

    func handlerAdded(context: ChannelHandlerContext) { arm(context) }

    private func arm(_ context: ChannelHandlerContext) {
        idle?.cancel()
        let channel = context.channel
        idle = context.eventLoop.scheduleTask(in: .seconds(60)) { channel.close(promise: nil) }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            arm(context)
            self.head = head
            body = []
            tooLarge = (head.headers.first(name: "Content-Length").flatMap { Int($0) } ?? 0) > maxBodyBytes
        case .body(let buffer):
            guard !tooLarge else { return }
            if buffer.readableBytes > maxBodyBytes - body.count {
                tooLarge = true
                body = []
            } else {
                body.append(contentsOf: buffer.readableBytesView)
            }
        case .end:
            guard let head else { return }
            self.head = nil
            let path = String(head.uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
            let request = AgentRequest(method: head.method.rawValue, path: path,
                                       headers: head.headers.map { ($0.name, $0.value) }, body: body)
            let refused = tooLarge
            body = []
            tooLarge = false
            let channel = context.channel
            let version = head.version
            let keepAlive = head.isKeepAlive
            let handler = self.handler
            let limit = maxBodyBytes
            Task {
                let response = refused ? AgentResponse.text(413, "request body larger than \(limit) bytes") : await handler(request)
                var headers = HTTPHeaders(response.headers)
                headers.replaceOrAdd(name: "Content-Length", value: String(response.body.count))
                if !keepAlive || refused { headers.replaceOrAdd(name: "Connection", value: "close") }
                let responseHead = HTTPResponseHead(version: version, status: HTTPResponseStatus(statusCode: response.status), headers: headers)
                let bytes = response.body
                channel.eventLoop.execute {
                    channel.write(HTTPServerResponsePart.head(responseHead), promise: nil)
                    if !bytes.isEmpty { channel.write(HTTPServerResponsePart.body(.byteBuffer(ByteBuffer(bytes: bytes))), promise: nil) }
                    channel.writeAndFlush(HTTPServerResponsePart.end(nil)).whenComplete { _ in
                        if !keepAlive || refused { channel.close(promise: nil) }
                    }
                }
            }
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        idle?.cancel()
        context.fireChannelInactive()
    }
}
