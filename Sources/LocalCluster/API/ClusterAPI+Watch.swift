import Manifests

extension ClusterAPI {
    /// A watch stream: one JSON event per line, selectors applied to transitions, bookmarks, timeout.
    func watch(_ request: HTTPRequest, type: ResourceType, namespace: String?) async throws -> HTTPResponse {
        let labels = try LabelSelector(parsing: request.query["labelSelector"] ?? "")
        let fields = try FieldSelector(parsing: request.query["fieldSelector"] ?? "", kind: type.kind)
        let versionText = request.query["resourceVersion"] ?? ""
        let sendInitial = request.query["sendInitialEvents"] == "true"
        let since: Int64? = (versionText.isEmpty || versionText == "0" || sendInitial) ? nil : Int64(versionText)
        if !versionText.isEmpty && versionText != "0" && Int64(versionText) == nil {
            throw APIError.badRequest("invalid resource version: \(versionText)")
        }
        let bookmarks = request.query["allowWatchBookmarks"] == "true"
        // Clamped so that the sleep's nanoseconds fit in 64 bits (upstream's Go durations wrap instead).
        let timeout = Int(request.query["timeoutSeconds"] ?? "").map { min(max(1, $0), Int(Int32.max)) } ?? 1800
        let store = self.store
        let interval = bookmarkInterval
        let headers = [("Content-Type", "application/json"), ("Cache-Control", "no-cache, private")]

        let registration: (id: Int, stream: AsyncStream<WatchMessage>, initial: [StoredObject]?)
        do {
            registration = try await store.watch(storageKey: type.storageKey, namespace: namespace, since: since)
        } catch StoreError.expired(let asked, let oldest) {
            let status = APIError.expired("too old resource version: \(asked) (\(oldest))").status
            let line = Self.eventLine(type: "ERROR", object: Array(((try? JSON.serialize(status)) ?? "{}").utf8))
            return HTTPResponse(status: 200, headers: headers, body: .bytes(line))
        }

        @Sendable func selected(_ object: StoredObject) -> Bool {
            labels.matches(Validator.labels(of: object.object, at: ["metadata", "labels"])) && fields.matches(object.object)
        }
        let filtering = !labels.isEmpty || !fields.isEmpty
        // `kubectl get -w` asks for Tables: each event then carries a one-row Table.
        let tables = TableBuilder.wantsTable(request.header("Accept"))
            ? TableBuilder(type: type, includeObject: request.query["includeObject"] ?? "Metadata") : nil
        @Sendable func encoded(_ object: StoredObject) -> [UInt8] {
            guard let tables else { return itemJSON(object, type: type) }
            let table = tables.table([object.object], resourceVersion: String(object.resourceVersion))
            return Array(((try? JSON.serialize(table)) ?? "{}").utf8)
        }

        return HTTPResponse(status: 200, headers: headers, body: .stream { writer in
            let id = registration.id
            let timer = Task(executorPreference: ClusterExecutor.shared) {
                try? await Task.sleep(for: .seconds(timeout))
                await store.stopWatch(id)
            }
            let bookmarker = Task(executorPreference: ClusterExecutor.shared) {
                guard bookmarks else { return }
                while !Task.isCancelled {
                    try? await Task.sleep(for: interval)
                    await store.bookmark(id)
                }
            }
            defer {
                timer.cancel()
                bookmarker.cancel()
                Task(executorPreference: ClusterExecutor.shared) { await store.stopWatch(id) }
            }
            if let initial = registration.initial {
                for object in initial where selected(object) {
                    try await writer.write(Self.eventLine(type: "ADDED", object: encoded(object)))
                }
                if sendInitial && bookmarks {
                    let version = await store.currentResourceVersion
                    try await writer.write(Self.bookmarkLine(type: type, version: version, initialEnd: true))
                }
            }
            for await message in registration.stream {
                switch message {
                case .bookmark(let version):
                    try await writer.write(Self.bookmarkLine(type: type, version: version, initialEnd: false))
                case .event(let event):
                    var kind = event.kind.rawValue
                    if filtering {
                        let now = event.kind != .deleted && selected(event.object)
                        let before = event.kind == .deleted ? selected(event.object) : event.previous.map(selected) ?? false
                        switch (before, now) {
                        case (false, false): continue
                        case (false, true): kind = "ADDED"
                        case (true, false): kind = "DELETED"
                        case (true, true): break
                        }
                    }
                    try await writer.write(Self.eventLine(type: kind, object: encoded(event.object)))
                }
            }
        })
    }

    static func eventLine(type: String, object: [UInt8]) -> [UInt8] {
        var line = Array("{\"type\":\"\(type)\",\"object\":".utf8)
        line.append(contentsOf: object)
        line.append(contentsOf: "}\n".utf8)
        return line
    }

    static func bookmarkLine(type: ResourceType, version: Int64, initialEnd: Bool) -> [UInt8] {
        var metadata = Mapping(["resourceVersion": .string(String(version))])
        if initialEnd { metadata["annotations"] = .mapping(Mapping(["k8s.io/initial-events-end": .string("true")])) }
        let object = Node.mapping(Mapping([
            "kind": .string(type.kind), "apiVersion": .string(type.groupVersion), "metadata": .mapping(metadata),
        ]))
        return eventLine(type: "BOOKMARK", object: Array(((try? JSON.serialize(object)) ?? "{}").utf8))
    }
}
