import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// An HTTP endpoint on 127.0.0.1 that answers every request with `status` and
/// keeps what it received: the request line and headers, and the body.
final class WebhookReceiver: @unchecked Sendable {
    let port: UInt16
    private let socketDescriptor: Int32
    private let lock = NSLock()
    private var received: [(head: String, body: String)] = []

    init(status: Int = 200) throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        socketDescriptor = descriptor
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) }
        }
        guard bound == 0, listen(descriptor, 4) == 0 else { throw POSIXError(.EADDRINUSE) }
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        port = UInt16(bigEndian: address.sin_port)
        // Ends when the socket closes with the receiver.
        Thread.detachNewThread { [weak self] in
            while true {
                let connection = accept(descriptor, nil, nil)
                guard connection >= 0 else { return }
                self?.serve(connection, status: status)
                close(connection)
            }
        }
    }

    private func serve(_ connection: Int32, status: Int) {
        do {
            var bytes: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 65536)
            while true {
                let count = read(connection, &buffer, buffer.count)
                guard count > 0 else { break }
                bytes += buffer[0..<count]
                let text = String(decoding: bytes, as: UTF8.self)
                guard let end = text.range(of: "\r\n\r\n") else { continue }
                let head = String(text[..<end.lowerBound])
                let length = head.split(separator: "\r\n").compactMap { line -> Int? in
                    let parts = line.split(separator: ":", maxSplits: 1)
                    return parts.count == 2 && parts[0].lowercased() == "content-length" ? Int(parts[1].trimmingCharacters(in: .whitespaces)) : nil
                }.first ?? 0
                let body = Array(text[end.upperBound...].utf8)
                guard body.count >= length else { continue }
                let answer = "HTTP/1.1 \(status) OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                _ = answer.withCString { write(connection, $0, strlen($0)) }
                lock.withLock { received.append((head, String(decoding: body, as: UTF8.self))) }
                break
            }
        }
    }

    deinit { close(socketDescriptor) }

    /// The first request, once it came; waits up to `seconds`.
    func request(within seconds: Double) async -> (head: String, body: String)? {
        await requests(count: 1, within: seconds).first
    }

    /// The first `count` requests, or those that came within `seconds`.
    func requests(count: Int, within seconds: Double) async -> [(head: String, body: String)] {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            let sofar: [(head: String, body: String)] = lock.withLock { self.received }
            if sofar.count >= count { return Array(sofar.prefix(count)) }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return lock.withLock { self.received }
    }
}
