import NIOHTTP1

/// One request of the client: method, path with its query, body, and whether sending it
/// twice does no harm (then 5xx answers and lost connections are retried).
struct KubeRequest: Sendable {
    var method: HTTPMethod
    /// The path below the server's prefix, query included.
    var path: String
    var body: [UInt8]?
    var contentType: String?
    var accept = "application/json"
    var idempotent: Bool
    /// What the request does, for messages: `apply Deployment/demo/web`.
    var action: String
}

/// The server's answer, read whole.
struct KubeResponse: Sendable {
    var status: Int
    var headers: HTTPHeaders
    var body: [UInt8]

    /// Whether it is a 2xx answer.
    var isSuccess: Bool { (200..<300).contains(status) }

    /// The answer, or its error when it is not a 2xx answer.
    func checked(_ action: String) throws -> KubeResponse {
        guard isSuccess else { throw KubeError.status(status, body: body, doing: action) }
        return self
    }

    /// The texts of its `Warning: 299 - "text"` headers, as kubectl prints them.
    var warnings: [String] {
        // Not `canonicalForm`, which would split a text at its commas.
        let values: [String] = headers["Warning"]
        return values.map { value -> String in
            guard let open = value.firstIndex(of: "\""), let close = value.lastIndex(of: "\""), open < close else { return value }
            return String(value[value.index(after: open)..<close])
        }
    }
}
