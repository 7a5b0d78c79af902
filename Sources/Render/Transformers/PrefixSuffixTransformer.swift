import Manifests

/// `namePrefix` and `nameSuffix`: kustomize's PrefixTransformer, then its
/// SuffixTransformer, over the fields their configurations name
/// (`metadata/name` by default). Each remembers, per object, the prefixes and
/// suffixes it added and the id the object had before, which the name
/// reference transformer uses to tell apart objects of the same original name.
struct PrefixSuffixTransformer {
    let prefix: String
    let suffix: String
    let prefixFieldSpecs: [FieldSpec]
    let suffixFieldSpecs: [FieldSpec]

    init(prefix: String, suffix: String, config: TransformerConfig) {
        self.prefix = prefix
        self.suffix = suffix
        prefixFieldSpecs = config.namePrefix
        suffixFieldSpecs = config.nameSuffix
    }

    func apply(to resources: inout ResourceMap) throws {
        if !prefix.isEmpty { try Self.addPrefix(prefix, fieldSpecs: prefixFieldSpecs, to: &resources) }
        if !suffix.isEmpty { try Self.addSuffix(suffix, fieldSpecs: suffixFieldSpecs, to: &resources) }
    }

    /// kustomize's PrefixTransformer.
    static func addPrefix(_ prefix: String, fieldSpecs: [FieldSpec], to resources: inout ResourceMap) throws {
        try addAffixes(prefix: prefix, suffix: "", fieldSpecs: fieldSpecs, to: &resources)
    }

    /// kustomize's SuffixTransformer.
    static func addSuffix(_ suffix: String, fieldSpecs: [FieldSpec], to resources: inout ResourceMap) throws {
        try addAffixes(prefix: "", suffix: suffix, fieldSpecs: fieldSpecs, to: &resources)
    }

    /// Kinds whose names never change: CRDs (their name is fixed by their
    /// group and plural), APIServices (fixed by group and version) and
    /// Namespaces. kustomize matches them on the original id.
    static func isSkipped(_ id: ResourceID) -> Bool {
        switch id.kind {
        case "CustomResourceDefinition", "Namespace": return true
        case "APIService": return id.group == "apiregistration.k8s.io"
        default: return false
        }
    }

    /// kustomize's PrefixSuffixTransformer (and the two above): every field
    /// the specs select becomes `prefix + value + suffix`. For each
    /// `metadata/name` spec the object notes the (non-empty) prefix and suffix
    /// and, when there is one, remembers its id first.
    static func addAffixes(prefix: String, suffix: String, fieldSpecs: [FieldSpec], to resources: inout ResourceMap) throws {
        try resources.modifyAllConcurrently { item in
            let original = item.originalID
            if isSkipped(original) { return }
            for spec in fieldSpecs where selects(spec, original) {
                if spec.path == "metadata/name" {
                    if !prefix.isEmpty { item.prefixes.append(prefix) }
                    if !suffix.isEmpty { item.suffixes.append(suffix) }
                    if !prefix.isEmpty || !suffix.isEmpty { item.rememberID() }
                }
                do {
                    try FieldPath.visit(&item.object, spec, create: .scalar) { node in
                        guard case .scalar(let scalar) = node else { throw NotScalar(node: node) }
                        node = ScalarRewrite.replacing(node, with: prefix + (scalar.tag == .null ? "" : scalar.value) + suffix)
                    }
                } catch let wrong as NotScalar {
                    // kustomize sets the field as a scalar, which a list or a map is not.
                    throw RenderError(.build, file: item.origin,
                                      "considering field '\(spec.path)' of object \(ResourceMap.describe(item.id)): wrong node kind: expected ScalarNode but got \(MapEntrySetter.kindName(wrong.node)): node contents:\n\(MapEntrySetter.contents(wrong.node))")
                } catch var error as RenderError {
                    if error.file.isEmpty { error.file = item.origin }
                    throw error
                }
            }
        }
    }

    /// A field spec that reaches a list or a map.
    struct NotScalar: Error {
        var node: Node
    }

    /// kustomize's `Gvk.IsSelected`: every non-empty part of the spec's group,
    /// version and kind equals the id's.
    static func selects(_ spec: FieldSpec, _ id: ResourceID) -> Bool {
        (spec.group.isEmpty || spec.group == id.group) && (spec.version.isEmpty || spec.version == id.version)
            && (spec.kind.isEmpty || spec.kind == id.kind)
    }
}
