import Manifests

/// Sets string entries in the mappings a list of field specs points at, as
/// kustomize's label and annotation filters do: the mapping (and the path to
/// it) is created where the spec says `create: true`, a null left in place
/// otherwise, and anything other than a mapping is an error.
struct MapEntrySetter {
    let pairs: [(key: String, value: String)]
    let fieldSpecs: [FieldSpec]

    init(pairs: [(key: String, value: String)], fieldSpecs: [FieldSpec]) {
        // kustomize holds the pairs in a Go map and applies them in key order;
        // a later duplicate key wins, as it does when the map is decoded.
        var latest: [String: String] = [:]
        for pair in pairs { latest[pair.key] = pair.value }
        self.pairs = latest.keys.sorted().map { ($0, latest[$0] ?? "") }
        self.fieldSpecs = fieldSpecs
    }

    /// Sets the pairs in every resource.
    func apply(to resources: inout ResourceMap) throws {
        guard !pairs.isEmpty else { return }
        try resources.modifyAllConcurrently { resource in
            try apply(to: &resource.object, origin: resource.origin)
        }
    }

    /// A field that holds something other than a mapping.
    private struct WrongKind: Error {
        var path: String
        var node: Node
    }

    func apply(to object: inout Node, origin: String) throws {
        // The setter changes no kind or version: they are read once for every spec.
        let subject = FieldPath.Subject(object)
        for spec in fieldSpecs where FieldPath.matches(spec, subject) {
            do {
                try FieldPath.visitMatched(&object, spec, create: .mapping) { node in
                    try set(in: &node, path: spec.path)
                }
            } catch let wrong as WrongKind {
                // The setter changes no name or kind, so the id read now is the object's.
                let id = ResourceMap.describe(Resource(object).id)
                throw RenderError(.build, file: origin,
                                  "considering field '\(wrong.path)' of object \(id): wrong node kind: expected MappingNode but got \(Self.kindName(wrong.node)): node contents:\n\(Self.contents(wrong.node))")
            } catch var error as RenderError {
                if error.file.isEmpty { error.file = origin }
                throw error
            }
        }
    }

    func set(in node: inout Node, path: String) throws {
        switch node {
        case .mapping(var mapping):
            node = .null
            for (key, value) in pairs { mapping.setUntagged(key, .string(value)) }
            node = .mapping(mapping)
        case .scalar(let scalar) where scalar.tag == .null:
            // A null the spec may not create stays as it is.
            return
        default:
            throw WrongKind(path: path, node: node)
        }
    }

    static func kindName(_ node: Node) -> String {
        switch node {
        case .mapping: return "MappingNode"
        case .sequence: return "SequenceNode"
        case .scalar: return "ScalarNode"
        }
    }

    static func contents(_ node: Node) -> String {
        switch node {
        case .scalar(let scalar): return scalar.value
        case .sequence(let items) where items.isEmpty: return "[]"
        case .mapping(let mapping) where mapping.isEmpty: return "{}"
        default: return (try? YAMLEmitter.stream([node])) ?? ""
        }
    }
}

extension Mapping {
    /// Sets `value` at `key`; a new key is added untagged, as kustomize's
    /// setters add it, so it prints as what its text reads as: a key like
    /// `1` or `true` makes the output fail, as it does in kustomize.
    mutating func setUntagged(_ key: String, _ value: Node) {
        if let index = index(of: key) {
            entries[index].value = value
        } else {
            entries.append(Entry(key: Scalar.untagged(key), value: value))
        }
    }
}
