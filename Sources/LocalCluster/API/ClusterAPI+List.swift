import Manifests

extension ClusterAPI {
    /// A list with label and field selectors and `limit`/`continue` paging, as JSON or a Table.
    func list(_ request: HTTPRequest, type: ResourceType, namespace: String?) async throws -> HTTPResponse {
        let labels = try LabelSelector(parsing: request.query["labelSelector"] ?? "")
        let fields = try FieldSelector(parsing: request.query["fieldSelector"] ?? "", kind: type.kind)
        let listed = await store.list(storageKey: type.storageKey, namespace: namespace)
        var items = listed.items
        if !labels.isEmpty || !fields.isEmpty {
            items = items.filter { item in
                labels.matches(Validator.labels(of: item.object, at: ["metadata", "labels"])) && fields.matches(item.object)
            }
        }
        if let token = request.query["continue"], !token.isEmpty {
            guard let after = Self.decodeContinue(token) else {
                throw APIError.badRequest("invalid continue token")
            }
            items = Array(items.drop { !(after < $0.key) })
        }
        var continueToken: String?
        var remaining: Int?
        if let limit = Int(request.query["limit"] ?? ""), limit > 0, items.count > limit {
            remaining = items.count - limit
            items = Array(items.prefix(limit))
            continueToken = items.last.map { Self.encodeContinue($0.key) }
        }
        let version = String(listed.resourceVersion)
        if TableBuilder.wantsTable(request.header("Accept")) {
            let builder = TableBuilder(type: type, includeObject: request.query["includeObject"] ?? "Metadata")
            return Self.json(builder.table(items.map(\.object), resourceVersion: version, continueToken: continueToken,
                                           remaining: remaining), contentType: TableBuilder.contentType)
        }
        var body: [UInt8] = []
        body.reserveCapacity(items.reduce(256) { $0 + $1.json.count })
        body.append(contentsOf: "{\"kind\":".utf8)
        JSON.writeString(type.listKind, escapeHTML: false, into: &body)
        body.append(contentsOf: ",\"apiVersion\":".utf8)
        JSON.writeString(type.groupVersion, escapeHTML: false, into: &body)
        body.append(contentsOf: ",\"metadata\":{\"resourceVersion\":\"\(version)\"".utf8)
        if let continueToken, let remaining {
            body.append(contentsOf: ",\"continue\":\"\(continueToken)\",\"remainingItemCount\":\(remaining)".utf8)
        }
        body.append(contentsOf: "},\"items\":[".utf8)
        for (index, item) in items.enumerated() {
            if index > 0 { body.append(UInt8(ascii: ",")) }
            if let conversion = VersionConversion.for(type) {
                var object = conversion.down(item.object)
                object["apiVersion"] = nil
                object["kind"] = nil
                body.append(contentsOf: Array(((try? JSON.serialize(object)) ?? "{}").utf8))
            } else if type.isCustom {
                body.append(contentsOf: itemJSON(item, type: type))
            } else {
                // Built-in list items carry no apiVersion/kind, as upstream sends them.
                body.append(contentsOf: item.jsonWithoutTypeMeta)
            }
        }
        body.append(contentsOf: "]}".utf8)
        return Self.raw(body)
    }

    /// The object's JSON at the version asked for (custom resources are stored at one version).
    func itemJSON(_ item: StoredObject, type: ResourceType) -> [UInt8] {
        if let conversion = VersionConversion.for(type) {
            return Array(((try? JSON.serialize(conversion.down(item.object))) ?? "{}").utf8)
        }
        guard type.isCustom, item.object["apiVersion"]?.string != type.groupVersion else { return item.json }
        var object = item.object
        object["apiVersion"] = .string(type.groupVersion)
        return (try? JSON.serialize(object)).map { Array($0.utf8) } ?? item.json
    }

    static func encodeContinue(_ key: ObjectKey) -> String {
        Array("\(key.namespace)/\(key.name)".utf8).map { byte in
            let hex = String(byte, radix: 16)
            return hex.count == 1 ? "0" + hex : hex
        }.joined()
    }

    static func decodeContinue(_ token: String) -> ObjectKey? {
        let characters = Array(token.utf8)
        guard characters.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        var index = 0
        while index < characters.count {
            guard let byte = UInt8(String(decoding: characters[index..<(index + 2)], as: UTF8.self), radix: 16) else { return nil }
            bytes.append(byte)
            index += 2
        }
        let parts = String(decoding: bytes, as: UTF8.self).split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2 else { return nil }
        return ObjectKey(storageKey: "", namespace: String(parts[0]), name: String(parts[1]))
    }
}
