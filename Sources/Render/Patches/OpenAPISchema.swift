import Manifests

/// One OpenAPI (swagger v2) schema, reduced to what kyaml's strategic merge
/// reads: references, array items, map values, properties and the Kubernetes
/// patch extensions.
final class SchemaNode: Sendable {
    let ref: String?
    let types: [String]
    let properties: [String: SchemaNode]
    let items: SchemaNode?
    let additionalProperties: SchemaNode?
    let patchStrategy: String?
    let mergeKey: String?
    let listMapKeys: [String]?
    /// Whether lists under this schema merge element by element: the strategy
    /// names `merge` (alone or with `retainKeys`).
    let mergesLists: Bool

    init(_ node: Node) {
        ref = node["$ref"]?.text
        switch node["type"] {
        case .scalar(let scalar)?: types = [scalar.value]
        case .sequence(let values)?: types = values.compactMap(\.text)
        default: types = []
        }
        var properties: [String: SchemaNode] = [:]
        for entry in node["properties"]?.mapping?.entries ?? [] where entry.value.mapping != nil {
            properties[entry.key.value] = SchemaNode(entry.value)
        }
        self.properties = properties
        items = node["items"].flatMap { $0.mapping != nil ? SchemaNode($0) : nil }
        // `additionalProperties: true` is no schema.
        additionalProperties = node["additionalProperties"].flatMap { $0.mapping != nil ? SchemaNode($0) : nil }
        patchStrategy = node["x-kubernetes-patch-strategy"]?.text
        mergeKey = node["x-kubernetes-patch-merge-key"]?.text
        listMapKeys = node["x-kubernetes-list-map-keys"]?.sequence?.compactMap(\.text)
        mergesLists = patchStrategy.map { $0.split(separator: ",").contains("merge") } ?? false
    }

    /// The strategy and the merge keys of a list (kyaml's `PatchStrategyAndKeyList`):
    /// the list-map keys win over the single merge key, and both count only
    /// when a strategy is declared.
    var strategyAndKeys: (strategy: String, keys: [String]) {
        guard let patchStrategy else { return ("", []) }
        if let listMapKeys { return (patchStrategy, listMapKeys) }
        if let mergeKey { return (patchStrategy, [mergeKey]) }
        return (patchStrategy, [])
    }

}

/// The schema definitions in force and the resource types they describe.
/// Custom schemas are added on top of what is there, as kyaml adds
/// definitions to its global schema.
struct OpenAPISchema: Sendable {
    struct TypeKey: Hashable, Sendable {
        var apiVersion: String
        var kind: String
    }

    private(set) var definitions: [String: SchemaNode] = [:]
    private(set) var types: [TypeKey: SchemaNode] = [:]

    var isEmpty: Bool { definitions.isEmpty }

    /// Adds the `definitions` of a swagger document.
    mutating func add(document: Node) {
        for entry in document["definitions"]?.mapping?.entries ?? [] where entry.value.mapping != nil {
            let schema = SchemaNode(entry.value)
            definitions[entry.key.value] = schema
            for gvk in entry.value["x-kubernetes-group-version-kind"]?.sequence ?? [] {
                guard let kind = gvk["kind"]?.text, let version = gvk["version"]?.text else { continue }
                let group = gvk["group"]?.text ?? ""
                types[TypeKey(apiVersion: group.isEmpty ? version : "\(group)/\(version)", kind: kind)] = schema
            }
        }
    }

    /// The schema of a resource type, if known.
    func schema(apiVersion: String, kind: String) -> SchemaNode? {
        types[TypeKey(apiVersion: apiVersion, kind: kind)]
    }

    /// Follows `$ref`s to the schema they name; nil when one cannot be resolved.
    func resolve(_ schema: SchemaNode) -> SchemaNode? {
        var current = schema
        var hops = 0
        while let ref = current.ref {
            let prefix = "#/definitions/"
            guard ref.hasPrefix(prefix), let next = definitions[String(ref.dropFirst(prefix.count))], hops < 64 else {
                return nil
            }
            current = next
            hops += 1
        }
        return current
    }

    /// The schema of the field `name` (kyaml's `Field`): a property, else the
    /// value schema of a map.
    func field(_ name: String, of schema: SchemaNode) -> SchemaNode? {
        guard let found = schema.properties[name] ?? schema.additionalProperties else { return nil }
        return resolve(found)
    }

    /// The schema of a list's elements (kyaml's `Elements`): only for a schema
    /// whose type is exactly `array`.
    func elements(of schema: SchemaNode) -> SchemaNode? {
        guard schema.types == ["array"], let items = schema.items else { return nil }
        return resolve(items)
    }
}
