import AsyncHTTPClient
import Manifests

/// Watching as client-go's reflector does: from a resourceVersion (a list's), with
/// bookmarks, each request open for `options.watchTimeoutSeconds`, then again from the
/// last version seen; a lost connection is watched again after a backoff; 410 Gone (the
/// history moved past the version) lists again and goes on from the list.
extension KubeClient {
    /// The changes to objects of `kind` in `namespace` (every namespace when nil) after
    /// `resourceVersion`, until the consumer stops reading or a failure that does not pass.
    package func watch(_ kind: GroupVersionKind, namespace: String? = nil, labelSelector: String? = nil,
                       fieldSelector: String? = nil, from resourceVersion: String) -> AsyncThrowingStream<WatchEvent, any Error> {
        AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    try await self.follow(kind, namespace: namespace, labelSelector: labelSelector, fieldSelector: fieldSelector,
                                          from: resourceVersion) { continuation.yield($0) }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    private func follow(_ kind: GroupVersionKind, namespace: String?, labelSelector: String?, fieldSelector: String?,
                        from resourceVersion: String, _ emit: (WatchEvent) -> Void) async throws {
        let resource = try await resource(for: kind)
        let namespace = resource.namespaced ? namespace : nil
        var version = resourceVersion
        var failures = 0
        while !Task.isCancelled {
            var query = [("watch", "1"), ("resourceVersion", version), ("allowWatchBookmarks", "true"),
                         ("timeoutSeconds", String(options.watchTimeoutSeconds))]
            if let labelSelector, !labelSelector.isEmpty { query.append(("labelSelector", labelSelector)) }
            if let fieldSelector, !fieldSelector.isEmpty { query.append(("fieldSelector", fieldSelector)) }
            let action = "watch \(kind.kind) objects\(namespace.map { " in namespace '\($0)'" } ?? "")"
            let request = KubeRequest(method: .GET, path: resource.path(namespace: namespace) + PathSegment.query(query),
                                      idempotent: true, action: action)
            do {
                let response = try await transport.open(request)
                var lines = LineSplitter()
                for try await chunk in response.body {
                    for line in try lines.append(chunk.readableBytesView) {
                        let event = try Self.event(line, action)
                        if let next = event.resourceVersion { version = next }
                        failures = 0
                        emit(event.event)
                    }
                }
            } catch let error as KubeError where error.isExpired {
                let list = try await self.list(kind, namespace: namespace, labelSelector: labelSelector, fieldSelector: fieldSelector)
                version = list.resourceVersion
                emit(.relisted(list))
            } catch let error as KubeError where error.code != .connection {
                throw error
            } catch is CancellationError {
                return
            } catch {
                // The stream broke (a dropped connection, an idle one cut): watch again from `version`.
                failures += 1
                guard failures < options.retry.maxAttempts else { throw error }
                try await Task.sleep(for: options.retry.delay(after: failures, retryAfter: nil))
            }
        }
    }

    /// One line of a watch: its event, and the resourceVersion to go on from.
    private static func event(_ line: [UInt8], _ action: String) throws -> (event: WatchEvent, resourceVersion: String?) {
        guard let document = try? JSON.parse(line), let object = document["object"] else {
            throw KubeError(.invalidResponse, "cannot \(action): a watch event is not JSON")
        }
        let version = object[path: ["metadata", "resourceVersion"]]?.text
        switch document["type"]?.text {
        case "ADDED": return (.added(object), version)
        case "MODIFIED": return (.modified(object), version)
        case "DELETED": return (.deleted(object), version)
        case "BOOKMARK": return (.bookmark(resourceVersion: version ?? ""), version)
        case "ERROR":
            let status = object["code"]?.text.flatMap { Int($0) } ?? 500
            throw KubeError.status(status, body: Array((try? JSON.serialize(object))?.utf8 ?? "".utf8), doing: action)
        default:
            throw KubeError(.invalidResponse, "cannot \(action): a watch event has type '\(document["type"]?.text ?? "")'")
        }
    }
}
