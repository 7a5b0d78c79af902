import Manifests

/// One plugin config object of a `transformers:`, `generators:` or
/// `validators:` entry, and typed access to its fields.
///
/// kustomize decodes a config with a lenient decoder (`sigs.k8s.io/yaml`):
/// unknown fields are ignored, but a field of the wrong type is an error.
/// The name plugins decode theirs with go-yaml v3 instead, which matches
/// field names exactly.
struct PluginConfig {
    let resource: BuildResource
    let decoder: FieldDecoder

    /// The plugins whose field names must match exactly.
    static let exactKeyKinds: Set<String> = ["PrefixTransformer", "SuffixTransformer", "PrefixSuffixTransformer"]

    init(_ resource: BuildResource) {
        self.resource = resource
        let exact = resource.apiVersion == "builtin" && Self.exactKeyKinds.contains(resource.kind)
        decoder = FieldDecoder(file: resource.origin, strict: false, exactKeys: exact)
    }

    var object: Node { resource.object }
    var kind: String { resource.kind }
    /// The file the config was read from (the kustomization for an inline one).
    var source: String { resource.origin }

    /// A built-in plugin is selected by `apiVersion: builtin` (no group).
    var isBuiltin: Bool { resource.apiVersion == "builtin" }

    /// kustomize's spelling of the config in messages: `Kind.builtin.[noGrp]/name.[noNs]`
    /// (an apiVersion without a slash is a version of the core group there).
    var described: String {
        let apiVersion = resource.apiVersion
        let (group, version) = apiVersion.contains("/") ? ResourceID.split(apiVersion: apiVersion) : ("", apiVersion)
        let id = ResourceID(group: group, version: version, kind: kind, namespace: resource.namespace, name: resource.name)
        return ResourceMap.describe(id)
    }

    /// A configuration error, worded as kustomize's.
    func failure(_ message: String) -> RenderError {
        RenderError(.kustomization, file: source, "plugin \(described) fails configuration: \(message)")
    }

    /// The value of a top-level field. Go's JSON decoder matches field names
    /// exactly first, then ignoring case (`Path:` sets `path`).
    func field(_ key: String) -> Node? {
        Self.field(object, key, exactKeys: decoder.exactKeys)
    }

    /// The value of field `key` of a mapping, found as `field(_:)` finds it.
    static func field(_ node: Node, _ key: String, exactKeys: Bool = false) -> Node? {
        if let exact = node[key] { return exact }
        if exactKeys { return nil }
        let lower = key.lowercased()
        return node.mapping?.entries.first { $0.key.value.lowercased() == lower }?.value
    }

    func string(_ key: String) throws -> String {
        guard let node = field(key) else { return "" }
        return try decoder.string(node, key)
    }

    func bool(_ key: String) throws -> Bool {
        guard let node = field(key) else { return false }
        return try decoder.bool(node, key) ?? false
    }

    func stringList(_ key: String) throws -> [String] {
        guard let node = field(key) else { return [] }
        return try decoder.stringList(node, key)
    }

    func stringMap(_ key: String) throws -> [(key: String, value: String)] {
        guard let node = field(key) else { return [] }
        return try decoder.stringMap(node, key)
    }

    /// `fieldSpecs`; nil when absent or null (kustomize's nil slice, which
    /// some plugins reject), empty for `[]`.
    func fieldSpecs() throws -> [FieldSpec]? {
        guard let node = field("fieldSpecs"), !node.isNull else { return nil }
        return try decoder.list(node, "fieldSpecs") { try decoder.fieldSpec($0, $1) }
    }

    func selector(_ key: String) throws -> Selector? {
        guard let node = field(key) else { return nil }
        return try decoder.selector(node, key)
    }

    /// An integer field; 0 when absent.
    func integer(_ node: Node?, _ key: String) throws -> Int {
        guard let node, !node.isNull else { return 0 }
        guard case .scalar(let scalar) = try decoder.integer(node, key), let value = Int(scalar.value.replacingUnderscores) else {
            throw decoder.failure(key, "must be an integer")
        }
        return value
    }
}
