import Foundation
import Manifests

/// Reads the first lines of a chunked watch response over a plain socket, on a thread of its own.
enum WatchReader {
    struct Failure: Error {}

    static func lines(host: String = "127.0.0.1", port: Int, path: String, count: Int) async throws -> [Node] {
        try await RawConnection.run { try read(host: host, port: port, path: path, count: count) }
    }

    private static func read(host: String, port: Int, path: String, count: Int) throws -> [Node] {
        let connection = try RawConnection(port: port, host: host)
        connection.send("GET \(path) HTTP/1.1\r\nHost: \(host)\r\nAccept: application/json\r\n\r\n")
        var buffer: [UInt8] = []
        func fill() throws {
            guard let received = connection.receive() else { throw Failure() }
            buffer.append(contentsOf: received)
        }
        // Headers.
        while true {
            if let end = RawConnection.find(Array("\r\n\r\n".utf8), in: buffer) {
                buffer.removeFirst(end + 4)
                break
            }
            try fill()
        }
        // Chunks, split into lines.
        var body: [UInt8] = []
        var lines: [Node] = []
        while lines.count < count {
            while RawConnection.find(Array("\r\n".utf8), in: buffer) == nil { try fill() }
            guard let lineEnd = RawConnection.find(Array("\r\n".utf8), in: buffer),
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
}
