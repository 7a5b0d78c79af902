import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Manifests

/// Reads the first lines of a chunked watch response over a plain socket, on a thread of its own.
enum WatchReader {
    struct Failure: Error {}

    static func lines(host: String = "127.0.0.1", port: Int, path: String, count: Int) async throws -> [Node] {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                do {
                    continuation.resume(returning: try read(host: host, port: port, path: path, count: count))
                } catch {
                    continuation.resume(throwing: error)
                }
            }
            thread.start()
        }
    }

    private static func read(host: String, port: Int, path: String, count: Int) throws -> [Node] {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw Failure() }
        defer { close(socket) }
        var timeout = timeval(tv_sec: 30, tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        inet_pton(AF_INET, host, &address.sin_addr)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw Failure() }
        let request = Array("GET \(path) HTTP/1.1\r\nHost: \(host)\r\nAccept: application/json\r\n\r\n".utf8)
        _ = request.withUnsafeBytes { send(socket, $0.baseAddress, $0.count, 0) }
        var buffer: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        func fill() throws {
            let received = recv(socket, &chunk, chunk.count, 0)
            guard received > 0 else { throw Failure() }
            buffer.append(contentsOf: chunk[0..<received])
        }
        // Headers.
        while true {
            if let end = find(Array("\r\n\r\n".utf8), in: buffer) {
                buffer.removeFirst(end + 4)
                break
            }
            try fill()
        }
        // Chunks, split into lines.
        var body: [UInt8] = []
        var lines: [Node] = []
        while lines.count < count {
            while find(Array("\r\n".utf8), in: buffer) == nil { try fill() }
            guard let lineEnd = find(Array("\r\n".utf8), in: buffer),
                  let size = Int(String(decoding: buffer[0..<lineEnd], as: UTF8.self), radix: 16) else { throw Failure() }
            if size == 0 { break }
            while buffer.count < lineEnd + 2 + size + 2 { try fill() }
            body.append(contentsOf: buffer[(lineEnd + 2)..<(lineEnd + 2 + size)])
            buffer.removeFirst(lineEnd + 2 + size + 2)
            while let newline = body.firstIndex(of: 0x0A) {
                lines.append(try JSON.parse(Array(body[..<newline])))
                body.removeFirst(newline + 1)
            }
        }
        return Array(lines.prefix(count))
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for start in 0...(haystack.count - needle.count) where Array(haystack[start..<(start + needle.count)]) == needle {
            return start
        }
        return nil
    }
}
