import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Manifests
import Reconcile
import State

/// The detached half of post-receive's webhook: reads the request a hook
/// left, removes the file, and POSTs it, retrying a failed attempt twice.
/// What happened goes to standard output, the hook's log
/// (`$GIT_DIR/ops/logs/webhook.log`); the URL is shown by its host only, as
/// receivers' URLs often hold a token.
enum WebhookSender {
    static let attempts = 3

    static func send(requestFile: String) async {
        guard let data = FileManager.default.contents(atPath: requestFile),
              let request = PushWebhook(serialized: String(decoding: data, as: UTF8.self)) else {
            print("\(UTCTime.format(UTCTime.now())) webhook: cannot read the request \(requestFile)")
            return
        }
        try? FileManager.default.removeItem(atPath: requestFile)
        let host = URL(string: request.url)?.host ?? "?"
        let event = (try? JSON.parse(request.body))?["ref"]?.string ?? ""
        for attempt in 1...attempts {
            do {
                var http = HTTPClientRequest(url: request.url)
                http.method = .POST
                for (name, value) in request.headers { http.headers.add(name: name, value: value) }
                http.body = .bytes(ByteBuffer(string: request.body))
                let response = try await HTTPClient.shared.execute(http, timeout: .seconds(10))
                if (200..<300).contains(response.status.code) {
                    print("\(UTCTime.format(UTCTime.now())) webhook: \(host) accepted the push of \(event) (\(response.status.code))")
                    return
                }
                print("\(UTCTime.format(UTCTime.now())) webhook: \(host) answered \(response.status.code) for \(event) (attempt \(attempt) of \(attempts))")
                if response.status.code < 500 && response.status.code != 429 { return }
            } catch {
                print("\(UTCTime.format(UTCTime.now())) webhook: cannot reach \(host) for \(event): \(error) (attempt \(attempt) of \(attempts))")
            }
            if attempt < attempts { try? await Task.sleep(for: .seconds(attempt * 2)) }
        }
    }
}
