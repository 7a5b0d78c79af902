import Manifests

/// The steps kustomize runs once, after the whole tree is accumulated: hash
/// suffixes on generated names, fixing references to renamed objects,
/// resolving vars, dropping local-only objects, sorting, and cleaning the
/// annotations it used along the way.
struct Finisher {
    let kustomization: Kustomization
    let file: String

    func finish(_ accumulator: inout Accumulator) throws {
        try HashSuffix.apply(to: &accumulator.resources)
        try NameReferenceTransformer(config: accumulator.config.nameReference).apply(to: &accumulator.resources)
        try VarResolver(vars: accumulator.vars, fieldSpecs: accumulator.config.varReference).apply(to: &accumulator.resources)
        dropLocalConfig(&accumulator.resources)
    }

    /// Objects annotated `config.kubernetes.io/local-config` (other than "false") are not output.
    func dropLocalConfig(_ resources: inout ResourceMap) {
        let items = resources.items
        let isLocal: @Sendable (Int) -> Bool = { offset in
            guard let value = BuildResource.text(of: items[offset].object[path: ["metadata", "annotations", "config.kubernetes.io/local-config"]])
            else { return false }
            return value != "false"
        }
        // A whole environment is looked through on every core.
        let local = items.count >= 512 ? ConcurrentMap.map(count: items.count, isLocal) : items.indices.map(isLocal)
        let drop = Set(local.indices.filter { local[$0] })
        if !drop.isEmpty { resources.remove(at: drop) }
    }

    /// The objects in output order, annotations normalised as kustomize leaves
    /// them, with the file each came from and the unit of a render by units
    /// that added it (`BuildResource.unit`).
    ///
    /// Takes the resources out of `resources`, so that each object is changed in
    /// place rather than copied beside the original.
    func outputWithOrigins(_ resources: inout ResourceMap) throws -> (objects: [Node], origins: [String], units: [Int]) {
        var items = resources.items
        resources = ResourceMap()
        if let options = kustomization.sortOptions {
            switch options.order {
            case "legacy":
                // kustomize falls back to its lists only when 'legacySortOptions' is absent;
                // once it is given, a list it leaves out is empty.
                let order = options.hasLegacyOptions
                    ? LegacyOrder(first: options.orderFirst ?? [], last: options.orderLast ?? [])
                    : LegacyOrder.standard
                items = order.sorted(items) { $0.id }
            case "fifo":
                if options.hasLegacyOptions {
                    throw RenderError(.kustomization, file: file,
                                      "the field 'sortOptions.legacySortOptions' is set but the selected sort order is 'fifo', not 'legacy'")
                }
            default:
                throw RenderError(.kustomization, file: file, "the field 'sortOptions.order' must be one of [fifo, legacy]")
            }
        } else {
            items = LegacyOrder.standard.sorted(items) { $0.id }
        }
        let managedBy = kustomization.buildMetadata.contains("managedByLabel")
        let keepOrigins = kustomization.buildMetadata.contains("originAnnotations")
        let keepTransformations = kustomization.buildMetadata.contains("transformerAnnotations")
        let origins = items.map(\.origin)
        // Each object is changed in place, on every core for a whole environment.
        try ConcurrentMap.modifyEach(&items) { item in
            if managedBy {
                item.object[path: ["metadata", "labels", "app.kubernetes.io/managed-by"]] = .string("kustomize-(devel)")
            }
            if !keepOrigins { item.removeAnnotation(Origin.annotation) }
            if !keepTransformations { item.removeAnnotation(Origin.transformationsAnnotation) }
            Self.normalizeAnnotations(&item.object)
        }
        let objects = items.map(\.object)
        return (objects, origins, items.map(\.unit))
    }

    /// kustomize rewrites every object's annotations when it removes its own
    /// bookkeeping ones: values become strings of their text, keys plain
    /// scalars read back by type, and an empty mapping disappears.
    static func normalizeAnnotations(_ object: inout Node) {
        guard let annotations = object[path: ["metadata", "annotations"]] else { return }
        // Annotations that are not a map read back as none, and go.
        guard case .mapping(let mapping) = annotations else {
            object[path: ["metadata", "annotations"]] = nil
            return
        }
        if mapping.isEmpty {
            object[path: ["metadata", "annotations"]] = nil
            return
        }
        var rewritten = Mapping()
        rewritten.entries.reserveCapacity(mapping.count)
        for entry in mapping.entries {
            let key = Scalar.untagged(entry.key.value)
            let value = Node.string(entry.value.scalar?.value ?? "")
            rewritten.entries.append(Mapping.Entry(key: key, value: value))
        }
        object[path: ["metadata", "annotations"]] = .mapping(rewritten)
    }
}
