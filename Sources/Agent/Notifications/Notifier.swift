import AsyncHTTPClient
import Foundation
import NIOCore
import Reconcile

/// Sends events to the providers of `.gitops.yaml`, on tasks of their own so
/// that a slow or dead receiver never holds a sync: each delivery is tried
/// three times (1 s, then 2 s apart) within 10 s each. The same event (by
/// environment, reason, message and revision) is sent once in 5 minutes.
package actor Notifier {
    let client: HTTPClient
    let repository: String
    let instance: String
    let environment: [String: String]
    let log: @Sendable (String) -> Void
    private var sent: [String: Date] = [:]
    private var deliveries: [Task<Void, Never>] = []

    package init(repository: String, environment: [String: String], log: @escaping @Sendable (String) -> Void) {
        client = HTTPClient(eventLoopGroupProvider: .singleton)
        self.repository = repository
        self.environment = environment
        self.log = log
        instance = ProcessInfo.processInfo.hostName
    }

    /// Queues `event` for every provider that wants it; returns at once.
    package func notify(_ event: AgentEvent, providers: [NotificationProvider]) {
        let key = "\(event.environment)\0\(event.reason)\0\(event.message)\0\(event.revision ?? "")"
        let now = Date.now
        if let last = sent[key], now.timeIntervalSince(last) < 300 { return }
        sent[key] = now
        sent = sent.filter { now.timeIntervalSince($0.value) < 300 }
        deliveries.removeAll { $0.isCancelled }
        for provider in providers {
            guard provider.environments.isEmpty || provider.environments.contains(event.environment),
                  provider.severity == "info" || event.severity == "error" else { continue }
            let address = Self.read(provider.address, file: provider.addressFile, variable: provider.addressEnv, environment: environment)
            let secret = Self.read(nil, file: provider.secretFile, variable: provider.secretEnv, environment: environment).map { Array($0.utf8) }
            guard let payload = NotificationPayload.make(event, provider: provider, address: address, secret: secret,
                                                         repository: repository, instance: instance) else { continue }
            deliveries.append(Task { [client, log] in
                await Self.deliver(payload, to: provider.name, client: client, log: log)
            })
        }
    }

    static func deliver(_ payload: NotificationPayload, to name: String, client: HTTPClient, log: @Sendable (String) -> Void) async {
        var problem = ""
        for attempt in 1...3 {
            if attempt > 1 { try? await Task.sleep(nanoseconds: UInt64(attempt - 1) * 1_000_000_000) }
            if Task.isCancelled { return }
            do {
                var request = HTTPClientRequest(url: payload.url)
                request.method = .POST
                for (name, value) in payload.headers { request.headers.add(name: name, value: value) }
                request.body = .bytes(ByteBuffer(bytes: payload.body))
                let response = try await client.execute(request, timeout: .seconds(10))
                _ = try? await response.body.collect(upTo: 1 << 20)
                if (200..<300).contains(Int(response.status.code)) { return }
                problem = "HTTP \(response.status.code)"
            } catch {
                problem = "\(error)"
            }
        }
        // The address may hold a secret (a Slack URL): it is not printed.
        log("notification '\(name)' not delivered after 3 attempts: \(problem)")
    }

    /// A value written in the file, else in the variable (a trailing newline dropped), else as given.
    static func read(_ value: String?, file: String?, variable: String?, environment: [String: String]) -> String? {
        if let file, let data = FileManager.default.contents(atPath: file) {
            return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .newlines)
        }
        if let variable, let text = environment[variable], !text.isEmpty { return text }
        return value
    }

    /// Waits up to `seconds` for deliveries under way, then gives up on them.
    package func drain(seconds: Double) async {
        let pending = deliveries
        let timer = Task {
            try? await Task.sleep(nanoseconds: UInt64(seconds * 1e9))
            for task in pending { task.cancel() }
        }
        for task in pending { await task.value }
        timer.cancel()
        try? await client.shutdown()
    }
}
