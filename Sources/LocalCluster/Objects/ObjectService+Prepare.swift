import FoundationEssentials
import Manifests

/// How the managed fields of an update are decided.
enum ManagedFieldsMode {
    /// An Update by this manager; `explicit` is what the request carried in `metadata.managedFields`.
    case update(String, explicit: Node?)
    /// Already computed (server-side apply).
    case given([ManagedFieldsEntry])
}

extension ObjectService {
    /// Server-owned metadata, carried from the live object into every update.
    static let serverMetadata = ["uid", "creationTimestamp", "generation", "deletionTimestamp", "deletionGracePeriodSeconds"]

    /// A new object as the server stores it: type meta, uid, timestamps, generation, defaults.
    func prepareNew(_ body: Node, type: ResourceType, name: String, namespace: String?) -> Node {
        var object = body.withoutNulls
        object["apiVersion"] = .string(type.groupVersion)
        object["kind"] = .string(type.kind)
        var metadata = object["metadata"]?.mapping ?? Mapping()
        metadata["name"] = .string(name)
        metadata["namespace"] = namespace.map(Node.string)
        for field in ["resourceVersion", "deletionTimestamp", "deletionGracePeriodSeconds", "selfLink", "managedFields", "generation"] {
            metadata.removeValue(forKey: field)
        }
        metadata["uid"] = .string(Clock.uuid())
        metadata["creationTimestamp"] = .string(Clock.timestamp())
        if type.hasGeneration { metadata["generation"] = .int(1) }
        object["metadata"] = .mapping(metadata)
        if type.hasStatus && type.kind != "CustomResourceDefinition" && !type.isCustom { object["status"] = nil }
        if type.isCustom && type.hasStatus { object["status"] = nil }
        object = Defaulter.apply(object, type: type)
        object = admit(object, type: type, live: nil)
        return object
    }

    /// The server's own additions beyond defaulting: a Service's cluster IP, a CRD's status.
    func admit(_ object: Node, type: ResourceType, live: Node?) -> Node {
        var object = object
        switch (type.group, type.kind) {
        case ("", "Service"):
            if object[path: ["spec", "type"]]?.string != "ExternalName", object[path: ["spec", "clusterIP"]] == nil {
                let ip = live?[path: ["spec", "clusterIP"]] ?? .string(Self.clusterIP())
                object[path: ["spec", "clusterIP"]] = ip
            }
            if object[path: ["spec", "clusterIPs"]] == nil, let ip = object[path: ["spec", "clusterIP"]] {
                object[path: ["spec", "clusterIPs"]] = .sequence([ip])
            }
            // The allocator of a single-stack IPv4 cluster (kind's) records the family it used.
            if object[path: ["spec", "type"]]?.string != "ExternalName" {
                if object[path: ["spec", "ipFamilies"]] == nil { object[path: ["spec", "ipFamilies"]] = .sequence([.string("IPv4")]) }
                if object[path: ["spec", "ipFamilyPolicy"]] == nil { object[path: ["spec", "ipFamilyPolicy"]] = .string("SingleStack") }
            }
            if ["NodePort", "LoadBalancer"].contains(object[path: ["spec", "type"]]?.string ?? ""),
               let ports = object[path: ["spec", "ports"]]?.sequence {
                // Each port gets a node port, the one it had if it had one (kept across updates).
                let livePorts = live?[path: ["spec", "ports"]]?.sequence ?? []
                object[path: ["spec", "ports"]] = .sequence(ports.map { port in
                    guard port["nodePort"] == nil else { return port }
                    var port = port
                    port["nodePort"] = livePorts.first { $0["port"]?.text == port["port"]?.text }?["nodePort"]
                        ?? .int(Int.random(in: 30000...32767))
                    return port
                })
            }
        case ("", "Secret"):
            object = Self.mergeStringData(object)
        case ("batch", "Job") where live == nil:
            object = Self.generateJobSelector(object)
        case ("apiextensions.k8s.io", "CustomResourceDefinition"):
            object["status"] = Self.crdStatus(object, live: live)
        default:
            break
        }
        return object
    }

    /// A new Job selects its pods by its own uid unless it asks for a manual selector: the
    /// template gets the job-name and controller-uid labels (old and new spellings) and the
    /// selector matches the uid, as upstream's Job strategy generates them.
    static func generateJobSelector(_ job: Node) -> Node {
        guard job[path: ["spec", "manualSelector"]]?.text != "true", job["spec"]?.mapping != nil,
              let uid = job[path: ["metadata", "uid"]]?.string else { return job }
        let name = job[path: ["metadata", "name"]] ?? .string("")
        var job = job
        var labels = job[path: ["spec", "template", "metadata", "labels"]]?.mapping ?? Mapping()
        for key in ["batch.kubernetes.io/controller-uid", "batch.kubernetes.io/job-name", "controller-uid", "job-name"]
        where labels[key] == nil {
            labels[key] = key.hasSuffix("uid") ? .string(uid) : name
        }
        job[path: ["spec", "template", "metadata", "labels"]] = .mapping(labels)
        if job[path: ["spec", "selector", "matchLabels", "batch.kubernetes.io/controller-uid"]] == nil {
            job[path: ["spec", "selector", "matchLabels", "batch.kubernetes.io/controller-uid"]] = .string(uid)
        }
        return job
    }

    /// A Secret's `stringData` is write-only: its entries land in `data`, base64-encoded, over
    /// any entry of the same key, and `stringData` itself is never stored (as upstream's conversion does).
    static func mergeStringData(_ secret: Node) -> Node {
        guard let stringData = secret["stringData"]?.mapping else { return secret }
        var secret = secret
        var data = secret["data"]?.mapping ?? Mapping()
        for entry in stringData.entries {
            data[entry.key.value] = .string(Base64.encode(Array((entry.value.text ?? "").utf8)))
        }
        secret["data"] = data.isEmpty ? nil : .mapping(data)
        secret["stringData"] = nil
        return secret
    }

    static func clusterIP() -> String {
        "10.96.\(Int.random(in: 0...255)).\(Int.random(in: 2...254))"
    }

    /// A CRD is Established at once (kube-api.md §3.3).
    static func crdStatus(_ crd: Node, live: Node?) -> Node {
        let spec = crd["spec"] ?? .emptyMapping
        var names = spec["names"] ?? .emptyMapping
        if names["singular"] == nil, let kind = names["kind"]?.string { names["singular"] = .string(kind.lowercased()) }
        if names["listKind"] == nil, let kind = names["kind"]?.string { names["listKind"] = .string(kind + "List") }
        let stored = (spec["versions"]?.sequence ?? []).filter { $0["storage"]?.text == "true" }.compactMap { $0["name"] }
        let since = live?[path: ["status", "conditions"]]?.sequence?.first?["lastTransitionTime"] ?? .string(Clock.timestamp())
        func condition(_ type: String, _ reason: String, _ message: String) -> Node {
            .mapping(Mapping([
                "type": .string(type), "status": .string("True"), "lastTransitionTime": since,
                "reason": .string(reason), "message": .string(message),
            ]))
        }
        return .mapping(Mapping([
            "acceptedNames": names,
            "conditions": .sequence([
                condition("NamesAccepted", "NoConflicts", "no conflicts found"),
                condition("Established", "InitialNamesAccepted", "the initial names have been accepted"),
            ]),
            "storedVersions": .sequence(stored),
        ]))
    }

    /// The object an update stores, or `nil` when it would change nothing.
    func prepareUpdate(live: StoredObject, proposed: Node, type: ResourceType, schema: FieldSchema,
                       options: WriteOptions, managedFields mode: ManagedFieldsMode) throws -> Node? {
        let name = live.key.name
        var new = restoreServerFields(proposed.withoutNulls, live: live.object, type: type, scope: options.scope)
        if live.object[path: ["metadata", "deletionTimestamp"]] != nil {
            let before = Set(live.object[path: ["metadata", "finalizers"]]?.sequence?.compactMap(\.string) ?? [])
            let after = new[path: ["metadata", "finalizers"]]?.sequence?.compactMap(\.string) ?? []
            if after.contains(where: { !before.contains($0) }) {
                throw APIError.invalid(type, name, field: "metadata.finalizers",
                                       message: "Forbidden: no new finalizers can be added if the object is being deleted",
                                       reason: "FieldValueForbidden")
            }
        }
        new = Defaulter.apply(new, type: type)
        new = admit(new, type: type, live: live.object)
        try Validator.validate(new, type: type, live: live.object)

        let entries: [ManagedFieldsEntry]
        switch mode {
        case .given(let given):
            entries = given
        case .update(let manager, let explicit):
            let liveFields = live.object[path: ["metadata", "managedFields"]]
            if let explicit, let items = explicit.sequence, !items.isEmpty, !Validator.sameValue(explicit, liveFields ?? .sequence([])) {
                // kubectl's client-side-apply → server-side-apply migration replaces
                // managedFields outright; `[{}]` clears them (kube-api.md §7.6).
                entries = items.compactMap(ManagedFieldsEntry.init(node:))
            } else {
                var base = live.object
                base[path: ["metadata", "managedFields"]] = liveFields
                entries = FieldManager(schema: schema, scope: options.scope, now: Clock.timestamp())
                    .update(live: base, new: new, manager: manager, apiVersion: type.groupVersion)
            }
        }
        new[path: ["metadata", "managedFields"]] = entries.isEmpty ? nil : .sequence(entries.map(\.node))

        if Self.sameIgnoringManagedTimes(live.object, new) { return nil }
        if type.hasGeneration, options.scope == .main, Self.specChanged(live.object, new) {
            let generation = Int(live.object[path: ["metadata", "generation"]]?.text ?? "") ?? 1
            new[path: ["metadata", "generation"]] = .int(generation + 1)
        }
        new[path: ["metadata", "resourceVersion"]] = .string(String(live.resourceVersion))
        return StoredObject.canonicalOrder(new)
    }

    /// Carries identity, server metadata and (for the other scope) spec or status from the live object.
    func restoreServerFields(_ proposed: Node, live: Node, type: ResourceType, scope: FieldScope) -> Node {
        var new: Node
        switch scope {
        case .status:
            new = live
            new["status"] = proposed["status"]
        case .main:
            new = proposed
            if type.hasStatus { new["status"] = live["status"] }
        }
        new["apiVersion"] = .string(type.groupVersion)
        new["kind"] = .string(type.kind)
        var metadata = new["metadata"]?.mapping ?? Mapping()
        let liveMetadata = live["metadata"]?.mapping ?? Mapping()
        metadata["name"] = liveMetadata["name"]
        metadata["namespace"] = liveMetadata["namespace"]
        for field in Self.serverMetadata { metadata[field] = liveMetadata[field] }
        metadata.removeValue(forKey: "resourceVersion")
        metadata.removeValue(forKey: "selfLink")
        new["metadata"] = .mapping(metadata)
        return new
    }

    /// Equal apart from resourceVersion and the times in managedFields: a no-op write.
    static func sameIgnoringManagedTimes(_ lhs: Node, _ rhs: Node) -> Bool {
        func normalized(_ object: Node) -> Node {
            var object = object
            object[path: ["metadata", "resourceVersion"]] = nil
            if let entries = object[path: ["metadata", "managedFields"]]?.sequence {
                object[path: ["metadata", "managedFields"]] = .sequence(entries.map { entry in
                    var entry = entry
                    entry["time"] = nil
                    return entry
                })
            }
            return object
        }
        return Validator.sameValue(normalized(lhs), normalized(rhs))
    }

    /// True when anything outside metadata and status differs: what bumps `generation`.
    static func specChanged(_ lhs: Node, _ rhs: Node) -> Bool {
        func body(_ object: Node) -> Node {
            var object = object
            for key in ["metadata", "status", "apiVersion", "kind"] { object[key] = nil }
            return object
        }
        return !Validator.sameValue(body(lhs), body(rhs))
    }
}
