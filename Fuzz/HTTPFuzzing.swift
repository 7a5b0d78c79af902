import Dispatch
#if canImport(Glibc)
import Glibc
#endif
import LocalCluster

/// The local cluster's whole request path, fed raw bytes over a real socket:
/// NIO's HTTP parser, the routing, body decoding (JSON, YAML, protobuf),
/// patches, server-side apply and the store. One in-memory server runs for
/// the whole process; each input is written to a new connection whose
/// sending side is then shut, and the server must answer or close within
/// `answerTimeout`: a connection left open with no answer is a finding.
enum HTTPFuzzing {
    static let answerTimeout = 10

    /// The port of the server, started on first use.
    static let port: UInt16 = {
        let started = StartedServer()
        let done = DispatchSemaphore(value: 0)
        Task {
            var configuration = ClusterConfiguration()
            // Plain HTTP: the inputs are HTTP requests, not TLS records.
            configuration.scheme = .http
            // Controllers would act on their own clock: coverage must follow the input alone.
            configuration.runsControllers = false
            configuration.fsync = false
            do {
                started.server = try await ClusterServer.start(configuration)
            } catch {
                report("git-ops-fuzz: cannot start the local cluster: \(error)")
                exit(70)
            }
            done.signal()
        }
        done.wait()
        return UInt16(started.server?.port ?? 0)
    }()

    /// Holds the running server for the life of the process.
    /// `@unchecked Sendable`: written once by the starting task before the
    /// semaphore is signalled, and only read after the wait returns.
    final class StartedServer: @unchecked Sendable {
        var server: ClusterServer?
    }

    static func run(_ bytes: [UInt8]) {
        let socket = connected()
        defer { close(socket) }
        var timeout = timeval(tv_sec: answerTimeout, tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var sent = 0
        while sent < bytes.count {
            let count = bytes[sent...].withUnsafeBytes { send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if count < 0, errno == EINTR { continue }
            // The server may close as soon as it has refused what it read: that is an answer.
            guard count > 0 else { return }
            sent += count
        }
        shutdown(socket, Int32(SHUT_WR))
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = recv(socket, &buffer, buffer.count, 0)
            if count > 0 { continue }
            if count == 0 || errno == ECONNRESET { return }
            if errno == EINTR { continue }
            if errno == EAGAIN || errno == EWOULDBLOCK {
                fatalError("the server neither answered nor closed the connection within \(answerTimeout) s")
            }
            return
        }
    }

    /// A socket connected to the server. libFuzzer's timers interrupt system
    /// calls, so an interrupted connect is tried again on a new socket.
    static func connected() -> Int32 {
        while true {
            let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            guard socket >= 0 else { fatalError("socket: \(String(cString: strerror(errno)))") }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = port.bigEndian
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            let result = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            if result == 0 { return socket }
            let failure = errno
            close(socket)
            guard failure == EINTR else { fatalError("connect: \(String(cString: strerror(failure)))") }
        }
    }
}
