import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// An HTTP/1.1 server on a loopback port that hands every request to a responder; over TLS
/// when given a context, each request then carrying the user its client certificate names.
final class HTTPServer: Sendable {
    private let group: MultiThreadedEventLoopGroup
    private let channel: any Channel

    /// The port the server listens on (the one chosen when 0 was asked for).
    let port: Int

    /// Binds `host:port` (port 0 picks a free one) and starts accepting connections.
    init(host: String, port: Int, responder: any HTTPResponder, limits: HTTPLimits = HTTPLimits(),
         tls: NIOSSLContext? = nil, threads: Int = System.coreCount) async throws {
        let decoderLimits = limits.decoder
        let group = MultiThreadedEventLoopGroup(numberOfThreads: max(1, threads))
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let tls { try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: tls)) }
                    try channel.pipeline.syncOperations.addHandler(StreamingReadHandler())
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(
                        withErrorHandling: false, withEncoderConfiguration: .init(),
                        withDecoderLimitConfiguration: decoderLimits)
                    try channel.pipeline.syncOperations.addHandler(HTTPProtocolErrorHandler())
                    try channel.pipeline.syncOperations.addHandler(HTTPConnectionHandler(responder: responder, limits: limits))
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

    /// Stops accepting, closes every connection and stops the event loops.
    func shutdown() async {
        try? await channel.close()
        try? await group.shutdownGracefully()
    }

    /// Waits until the listening socket closes.
    func waitUntilClosed() async {
        try? await channel.closeFuture.get()
    }
}
