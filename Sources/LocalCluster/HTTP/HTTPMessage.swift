/// One HTTP request, body read in full.
struct HTTPRequest: Sendable {
    var method: String
    /// The path without the query string, percent-decoded.
    var path: String
    var query: [String: String]
    var headers: [(name: String, value: String)]
    var body: [UInt8]
    /// Who sent it, from the connection's verified client certificate; nil for none.
    var user: UserInfo?

    init(method: String, uri: String, headers: [(name: String, value: String)], body: [UInt8]) {
        self.method = method
        self.headers = headers
        self.body = body
        let parts = uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        path = Self.percentDecoded(String(parts.first ?? ""))
        var query: [String: String] = [:]
        if parts.count > 1 {
            for pair in parts[1].split(separator: "&") {
                let keyValue = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                let key = Self.percentDecoded(String(keyValue[0]), plusIsSpace: true)
                let value = keyValue.count > 1 ? Self.percentDecoded(String(keyValue[1]), plusIsSpace: true) : ""
                if query[key] == nil { query[key] = value }
            }
        }
        self.query = query
    }

    /// The body's media type: `Content-Type` without its parameters, in lower case.
    var mediaType: String {
        let value = header("Content-Type") ?? ""
        let type = value.split(separator: ";", maxSplits: 1).first ?? ""
        return type.filter { $0 != " " && $0 != "\t" }.lowercased()
    }

    /// The first value of a header, matched case-insensitively.
    func header(_ name: String) -> String? {
        let lowered = name.lowercased()
        return headers.first { $0.name.lowercased() == lowered }?.value
    }

    static func percentDecoded(_ text: String, plusIsSpace: Bool = false) -> String {
        guard text.utf8.contains(where: { $0 == UInt8(ascii: "%") || (plusIsSpace && $0 == UInt8(ascii: "+")) }) else {
            return text
        }
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8)[...]
        while let byte = iterator.popFirst() {
            if byte == UInt8(ascii: "+") && plusIsSpace {
                bytes.append(UInt8(ascii: " "))
            } else if byte == UInt8(ascii: "%"), iterator.count >= 2,
                      let value = UInt8(String(decoding: iterator.prefix(2), as: UTF8.self), radix: 16) {
                bytes.append(value)
                iterator = iterator.dropFirst(2)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// Writes the chunks of a streamed response; each write waits until the connection took it.
protocol HTTPBodyWriter: Sendable {
    func write(_ bytes: [UInt8]) async throws
}

/// An HTTP response: a whole body, a stream, or a dropped connection (fault injection).
struct HTTPResponse: Sendable {
    enum Body: Sendable {
        case bytes([UInt8])
        /// Chunked: the closure writes until it returns; the response then ends.
        case stream(@Sendable (any HTTPBodyWriter) async throws -> Void)
        /// Close the connection without answering.
        case drop
    }

    var status: Int
    var headers: [(name: String, value: String)]
    var body: Body

    init(status: Int, headers: [(name: String, value: String)] = [], body: Body) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}

extension HTTPResponse {
    /// A header value safe to send: control characters but HTAB become spaces, as RFC 9110
    /// lets a recipient do with CR, LF and NUL. Values normally have none, so they are only scanned.
    static func sanitized(_ value: String) -> String {
        func isControl(_ byte: UInt8) -> Bool { (byte < 0x20 && byte != 0x09) || byte == 0x7F }
        guard value.utf8.contains(where: isControl) else { return value }
        return String(decoding: value.utf8.map { isControl($0) ? 0x20 : $0 }, as: UTF8.self)
    }
}

/// Answers HTTP requests.
protocol HTTPResponder: Sendable {
    func respond(to request: HTTPRequest) async -> HTTPResponse
    /// The answer to a request refused before it was read in full.
    func respond(to refusal: HTTPRefusal) -> HTTPResponse
}
