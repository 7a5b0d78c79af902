import NIOHTTP1

/// What one request may send and how long it may take, bounded as the apiserver bounds it, so
/// that no client can make the server hold memory or a connection without end.
package struct HTTPLimits: Sendable {
    /// The largest request body: 3 MiB, the apiserver's `MaxRequestBodyBytes` (twice etcd's
    /// 1.5 MiB, for JSON that shrinks to protobuf). A larger one is read to its end, dropped,
    /// and answered `413 Request entity too large: limit is 3145728`.
    package var maxBodyBytes = 3 * 1024 * 1024
    /// The largest request line and headers: 1 MiB, the apiserver's `MaxHeaderBytes`. More is
    /// answered, as Go answers it, `431 Request Header Fields Too Large`, and the connection closed.
    package var maxHeaderBytes = 1 << 20
    /// How long a connection may wait for the next request's head to be complete, from its
    /// opening or from its last response: 90 s, the apiserver's `IdleTimeout`. The connection
    /// is then closed, so that neither silence nor a head trickling in holds it.
    package var idleTimeout: Duration = .seconds(90)
    /// How long a request's body may take to arrive after its head: 60 s, the apiserver's
    /// default `--request-timeout`. The connection is then closed. No timeout runs while the
    /// answer is written: a watch may stream for as long as it asked.
    package var bodyTimeout: Duration = .seconds(60)

    /// The apiserver's limits.
    package init() {}

    /// NIO's decoder counts the request line and every header name and value; each may be the whole.
    var decoder: NIOHTTPDecoderLimitConfiguration {
        var configuration = NIOHTTPDecoderLimitConfiguration()
        configuration.maxHeaderFieldSize = maxHeaderBytes
        configuration.maxHeaderListSize = maxHeaderBytes
        return configuration
    }
}

/// A request the connection answers without the responder reading it.
enum HTTPRefusal: Sendable, Equatable {
    /// Its body passed `HTTPLimits.maxBodyBytes`.
    case bodyTooLarge(limit: Int)
}
