import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A plain TCP connection to a server, for requests no HTTP client sends (malformed, oversized,
/// trickling). Its calls block, so tests run them with `RawConnection.run`, off the cooperative pool.
final class RawConnection: @unchecked Sendable {
    // One test uses an instance, from one thread at a time.
    private let socket: Int32
    /// Bytes received past the last response `readResponse` returned.
    private var pending: [UInt8] = []

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    init(port: Int, host: String = "127.0.0.1") throws {
        socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw Failure(description: "socket: errno \(errno)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        inet_pton(AF_INET, host, &address.sin_addr)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            close(socket)
            throw Failure(description: "connect: errno \(errno)")
        }
        setReceiveTimeout(seconds: 30)
    }

    private func setReceiveTimeout(seconds: Int) {
        var timeout = timeval(tv_sec: seconds, tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    /// The next bytes the server sent; nil once it closed the connection, or after 30 seconds without a byte.
    func receive() -> [UInt8]? {
        var chunk = [UInt8](repeating: 0, count: 65536)
        let received = recv(socket, &chunk, chunk.count, 0)
        return received > 0 ? Array(chunk[0..<received]) : nil
    }

    deinit { close(socket) }

    /// Runs blocking socket work on a thread of its own, so the server's tasks keep their threads.
    static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try body() }) }.start()
        }
    }

    /// Sends `bytes`; false when the server closed the connection (no SIGPIPE).
    @discardableResult
    func send(_ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { Glibc.send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if sent <= 0 { return false }
            offset += sent
        }
        return true
    }

    @discardableResult
    func send(_ text: String) -> Bool { send(Array(text.utf8)) }

    /// Sends FIN: the client is done sending, as a client going away is.
    func finishSending() {
        Glibc.shutdown(socket, Int32(SHUT_WR))
    }

    /// Whether the server closed the connection (without waiting for it to).
    var isClosed: Bool {
        var byte: UInt8 = 0
        let received = recv(socket, &byte, 1, Int32(MSG_PEEK | MSG_DONTWAIT))
        return received == 0 || (received < 0 && errno != EAGAIN && errno != EWOULDBLOCK)
    }

    /// Sends `bytes` one at a time, `pause` seconds apart, until the server closes the
    /// connection; false if it was still open after the last byte.
    func trickle(_ bytes: [UInt8], pause: TimeInterval = 0.1) -> Bool {
        for byte in bytes {
            if isClosed || !send([byte]) { return true }
            Thread.sleep(forTimeInterval: pause)
        }
        return isClosed
    }

    /// Reads until the server closes the connection or `seconds` pass without a byte.
    func readToEnd(idleSeconds seconds: Int = 30) -> (bytes: [UInt8], closed: Bool) {
        setReceiveTimeout(seconds: seconds)
        defer { setReceiveTimeout(seconds: 30) }
        var result = pending
        pending = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let received = recv(socket, &chunk, chunk.count, 0)
            if received == 0 { return (result, true) }
            if received < 0 { return (result, errno == ECONNRESET) }
            result.append(contentsOf: chunk[0..<received])
        }
    }

    /// Reads one response whose body has a Content-Length: its status line, headers and body.
    func readResponse() throws -> (head: String, body: String) {
        let separator = Array("\r\n\r\n".utf8)
        while true {
            if let end = Self.find(separator, in: pending) {
                let head = String(decoding: pending[..<end], as: UTF8.self)
                let length = head.split(separator: "\r\n").first { $0.lowercased().hasPrefix("content-length:") }
                    .flatMap { Int($0.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) } ?? 0
                while pending.count < end + 4 + length {
                    guard let received = receive() else { throw Failure(description: "connection ended in the body") }
                    pending.append(contentsOf: received)
                }
                let body = String(decoding: pending[(end + 4)..<(end + 4 + length)], as: UTF8.self)
                pending.removeFirst(end + 4 + length)
                return (head, body)
            }
            guard let received = receive() else { throw Failure(description: "connection ended before a response") }
            pending.append(contentsOf: received)
        }
    }

    static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        return (0...(haystack.count - needle.count)).first { haystack[$0..<($0 + needle.count)].elementsEqual(needle) }
    }
}
