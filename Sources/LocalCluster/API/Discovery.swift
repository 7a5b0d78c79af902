import Manifests

/// Discovery documents, aggregated (apidiscovery.k8s.io/v2) and legacy (kube-api.md §3).
struct Discovery {
    let registry: ResourceRegistry
    /// `host:port` for `serverAddressByClientCIDRs`.
    let serverAddress: String

    static let aggregatedContentType = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList"

    /// True when the Accept header asks for aggregated discovery v2.
    static func wantsAggregated(_ accept: String?) -> Bool {
        guard let accept else { return false }
        return accept.split(separator: ",").contains { part in
            part.contains("as=APIGroupDiscoveryList") && part.contains("v=v2") && !part.contains("v=v2beta1")
        }
    }

    func aggregated(core: Bool) -> Node {
        var items: [Node] = []
        if core {
            items.append(.mapping(Mapping([
                "metadata": .mapping(Mapping(["creationTimestamp": .null])),
                "versions": .sequence([versionEntry(group: "", version: "v1")]),
            ])))
        } else {
            for group in registry.groups {
                items.append(.mapping(Mapping([
                    "metadata": .mapping(Mapping(["name": .string(group.name), "creationTimestamp": .null])),
                    "versions": .sequence(group.versions.map { versionEntry(group: group.name, version: $0) }),
                ])))
            }
        }
        return .mapping(Mapping([
            "kind": .string("APIGroupDiscoveryList"), "apiVersion": .string("apidiscovery.k8s.io/v2"),
            "metadata": .emptyMapping, "items": .sequence(items),
        ]))
    }

    private func versionEntry(group: String, version: String) -> Node {
        let resources = registry.all.filter { $0.group == group && $0.version == version }.map { type -> Node in
            var mapping = Mapping()
            mapping["resource"] = .string(type.plural)
            mapping["responseKind"] = Self.kindNode(type.group, type.version, type.kind)
            mapping["scope"] = .string(type.namespaced ? "Namespaced" : "Cluster")
            mapping["singularResource"] = .string(type.singular)
            if !type.shortNames.isEmpty { mapping["shortNames"] = .sequence(type.shortNames.map(Node.string)) }
            if !type.categories.isEmpty { mapping["categories"] = .sequence(type.categories.map(Node.string)) }
            mapping["verbs"] = .sequence(type.verbs.map(Node.string))
            if !type.subresources.isEmpty {
                mapping["subresources"] = .sequence(type.subresources.map { name in
                    let kind = name == "scale" ? Self.kindNode("autoscaling", "v1", "Scale")
                        : name == "token" ? Self.kindNode("authentication.k8s.io", "v1", "TokenRequest")
                        : Self.kindNode(type.group, type.version, type.kind)
                    let verbs = Self.subresourceVerbs(name)
                    return .mapping(Mapping([
                        "subresource": .string(name), "responseKind": kind, "verbs": .sequence(verbs.map(Node.string)),
                    ]))
                })
            }
            return .mapping(mapping)
        }
        return .mapping(Mapping([
            "version": .string(version), "resources": .sequence(resources), "freshness": .string("Current"),
        ]))
    }

    static func kindNode(_ group: String, _ version: String, _ kind: String) -> Node {
        .mapping(Mapping(["group": .string(group), "version": .string(version), "kind": .string(kind)]))
    }

    var apiVersions: Node {
        .mapping(Mapping([
            "kind": .string("APIVersions"), "versions": .sequence([.string("v1")]),
            "serverAddressByClientCIDRs": .sequence([.mapping(Mapping([
                "clientCIDR": .string("0.0.0.0/0"), "serverAddress": .string(serverAddress),
            ]))]),
        ]))
    }

    var groupList: Node {
        .mapping(Mapping([
            "kind": .string("APIGroupList"), "apiVersion": .string("v1"),
            "groups": .sequence(registry.groups.map { groupNode($0.name, $0.versions, kind: false) }),
        ]))
    }

    func group(_ name: String) -> Node? {
        guard let group = registry.groups.first(where: { $0.name == name }) else { return nil }
        return groupNode(group.name, group.versions, kind: true)
    }

    private func groupNode(_ name: String, _ versions: [String], kind: Bool) -> Node {
        var mapping = Mapping()
        if kind {
            mapping["kind"] = .string("APIGroup")
            mapping["apiVersion"] = .string("v1")
        }
        mapping["name"] = .string(name)
        let entries = versions.map { version in
            Node.mapping(Mapping(["groupVersion": .string("\(name)/\(version)"), "version": .string(version)]))
        }
        mapping["versions"] = .sequence(entries)
        mapping["preferredVersion"] = entries.first ?? .emptyMapping
        return .mapping(mapping)
    }

    func resourceList(group: String, version: String) -> Node? {
        let types = registry.all.filter { $0.group == group && $0.version == version }
        guard !types.isEmpty else { return nil }
        var resources: [Node] = []
        for type in types {
            var mapping = Mapping()
            mapping["name"] = .string(type.plural)
            mapping["singularName"] = .string(type.singular)
            mapping["namespaced"] = .bool(type.namespaced)
            mapping["kind"] = .string(type.kind)
            mapping["verbs"] = .sequence(type.verbs.map(Node.string))
            if !type.shortNames.isEmpty { mapping["shortNames"] = .sequence(type.shortNames.map(Node.string)) }
            if !type.categories.isEmpty { mapping["categories"] = .sequence(type.categories.map(Node.string)) }
            resources.append(.mapping(mapping))
            for sub in type.subresources {
                var entry = Mapping()
                entry["name"] = .string("\(type.plural)/\(sub)")
                entry["singularName"] = .string("")
                entry["namespaced"] = .bool(type.namespaced)
                if sub == "scale" {
                    entry["group"] = .string("autoscaling")
                    entry["version"] = .string("v1")
                    entry["kind"] = .string("Scale")
                } else if sub == "token" {
                    entry["group"] = .string("authentication.k8s.io")
                    entry["version"] = .string("v1")
                    entry["kind"] = .string("TokenRequest")
                } else {
                    entry["kind"] = .string(type.kind)
                }
                let verbs = Self.subresourceVerbs(sub)
                entry["verbs"] = .sequence(verbs.map(Node.string))
                resources.append(.mapping(entry))
            }
        }
        return .mapping(Mapping([
            "kind": .string("APIResourceList"), "apiVersion": .string("v1"),
            "groupVersion": .string(group.isEmpty ? version : "\(group)/\(version)"), "resources": .sequence(resources),
        ]))
    }

    /// What each subresource takes: a namespace's finalize is only updated, a token only created.
    static func subresourceVerbs(_ name: String) -> [String] {
        switch name {
        case "finalize": ["update"]
        case "token": ["create"]
        default: ["get", "patch", "update"]
        }
    }
}
