import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Manifests

/// A small HTTP client for the API, for tests that check responses kubectl would hide.
struct APIClient {
    let base: String

    struct Response {
        var status: Int
        var body: Data
        var headers: [String: String]
        var json: Node? { try? JSON.parse(Array(body)) }
        var text: String { String(decoding: body, as: UTF8.self) }
    }

    func send(_ method: String, _ path: String, body: String? = nil,
              contentType: String = "application/json", accept: String = "application/json") async throws -> Response {
        try await send(method, path, data: body.map { Data($0.utf8) }, contentType: contentType, accept: accept)
    }

    /// Sends `data` as it is (protobuf, oversized or malformed bodies).
    func send(_ method: String, _ path: String, data: Data?,
              contentType: String = "application/json", accept: String = "application/json") async throws -> Response {
        guard let url = URL(string: base + path) else { throw URLError(.badURL) }
        var request = URLRequest(url: url)
        request.httpMethod = method
        request.setValue(accept, forHTTPHeaderField: "Accept")
        request.timeoutInterval = 60
        if let data {
            request.httpBody = data
            request.setValue(contentType, forHTTPHeaderField: "Content-Type")
        }
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = response as? HTTPURLResponse
        var headers: [String: String] = [:]
        for (key, value) in http?.allHeaderFields ?? [:] { headers["\(key)".lowercased()] = "\(value)" }
        return Response(status: http?.statusCode ?? 0, body: data, headers: headers)
    }

    func apply(_ path: String, manager: String, force: Bool = false, _ body: String) async throws -> Response {
        try await send("PATCH", path + "?fieldManager=\(manager)&force=\(force)", body: body,
                       contentType: "application/apply-patch+yaml")
    }

    /// Creates a namespace for one test.
    func namespace(_ name: String) async throws {
        _ = try await send("POST", "/api/v1/namespaces", body: #"{"metadata":{"name":"\#(name)"}}"#)
    }
}
