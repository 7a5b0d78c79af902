import Manifests

/// `replicas`: sets `spec.replicas` (creating it) of the objects named by an
/// entry, among the kinds of the replica field specs.
///
/// An object matches by its current name or any name it had before (so an
/// overlay can use the base's name after a prefix). Naming no object of those
/// kinds is an error.
struct ReplicaCountTransformer {
    let replica: Kustomization.ReplicaSpec
    let fieldSpecs: [FieldSpec]
    let file: String

    func apply(to resources: inout ResourceMap) throws {
        let count = Self.decimal(replica.count)
        var found = false
        // The ids of the resources with the name, read once for every spec.
        var named: [(offset: Int, ids: [ResourceID])] = []
        for (offset, item) in resources.items.enumerated() {
            let ids = item.allIDs.filter { $0.name == replica.name }
            if !ids.isEmpty { named.append((offset, ids)) }
        }
        for spec in fieldSpecs {
            let matching = named.filter { $0.ids.contains { Self.selects(spec, $0) } }.map(\.offset)
            if !matching.isEmpty { found = true }
            for offset in matching {
                try resources.modify(at: offset) { resource in
                    let id = ResourceMap.describe(resource.id)
                    try FieldPath.visit(&resource.object, spec, create: .scalar) { node in
                        guard case .scalar = node else {
                            throw RenderError(.build, file: file,
                                              "wrong node kind: expected ScalarNode but got \(MapEntrySetter.kindName(node)) at '\(spec.path)' of \(id)")
                        }
                        node = ScalarRewrite.replacing(node, with: count)
                    }
                }
            }
        }
        if !found {
            let kinds = fieldSpecs.map { spec in
                "\(spec.kind.isEmpty ? "[noKind]" : spec.kind).\(spec.version.isEmpty ? "[noVer]" : spec.version).\(spec.group.isEmpty ? "[noGrp]" : spec.group)"
            }
            throw RenderError(.build, file: file,
                              "resource with name \(replica.name) does not match a config with the following GVK [\(kinds.joined(separator: " "))]; fix the name in 'replicas'")
        }
    }

    /// kustomize's `Gvk.IsSelected`: the spec's group, version and kind, where set, equal the id's.
    static func selects(_ spec: FieldSpec, _ id: ResourceID) -> Bool {
        (spec.group.isEmpty || spec.group == id.group)
            && (spec.version.isEmpty || spec.version == id.version)
            && (spec.kind.isEmpty || spec.kind == id.kind)
    }

    static func decimal(_ count: Node) -> String {
        let text = count.scalar?.value ?? "0"
        return GoInteger.parse(text.replacingUnderscores)?.decimal ?? text
    }
}
