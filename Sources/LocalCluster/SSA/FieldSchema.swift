import Manifests

/// How server-side apply and strategic merge patch treat a list.
enum ListType: Sendable, Equatable {
    /// Replaced wholesale.
    case atomic
    /// A set of scalars, merged by union.
    case set
    /// An associative list whose items are identified by these key fields.
    case map([String])
}

/// The slice of the OpenAPI schema that merging needs: list types and atomic maps, by field-name path.
///
/// Paths are the field names from the object root with list items skipped
/// (`["spec", "template", "spec", "containers", "ports"]`).
struct FieldSchema: Sendable {
    var kind: String
    var isCustom: Bool
    /// List types a CRD's schema declares (`x-kubernetes-list-type`).
    var declaredLists: [[String]: ListType] = [:]
    /// Maps a CRD's schema declares atomic (`x-kubernetes-map-type: atomic`).
    var atomicMaps: Set<[String]> = []

    init(kind: String, isCustom: Bool = false) {
        self.kind = kind
        self.isCustom = isCustom
    }

    static let nameKeyed: Set<String> = [
        "containers", "initContainers", "ephemeralContainers", "env", "volumes", "imagePullSecrets", "resourceClaims",
    ]
    static let containerLists: Set<String> = ["containers", "initContainers", "ephemeralContainers"]
    static let selectorKinds: Set<String> = ["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job"]

    /// The list type at `names`.
    func listType(at names: [String]) -> ListType {
        if names == ["metadata", "ownerReferences"] { return .map(["uid"]) }
        if names == ["metadata", "finalizers"] { return .set }
        if let declared = declaredLists[names] { return declared }
        if isCustom { return .atomic }
        guard let last = names.last else { return .atomic }
        if Self.nameKeyed.contains(last) { return .map(["name"]) }
        switch last {
        case "claims" where names.dropLast().last == "resources": return .map(["name"])
        case "ports":
            if names.contains(where: { Self.containerLists.contains($0) }) { return .map(["containerPort", "protocol"]) }
            if kind == "Service" && names == ["spec", "ports"] { return .map(["port", "protocol"]) }
            return .atomic
        case "volumeMounts": return .map(["mountPath"])
        case "volumeDevices": return .map(["devicePath"])
        case "hostAliases": return .map(["ip"])
        case "topologySpreadConstraints": return .map(["topologyKey", "whenUnsatisfiable"])
        case "conditions" where names.first == "status": return .map(["type"])
        // Webhooks merge by name, so a CA bundle injected into one survives an apply of the others.
        case "webhooks" where kind.hasSuffix("WebhookConfiguration") && names.count == 1: return .map(["name"])
        case "drivers" where kind == "CSINode" && names == ["spec", "drivers"]: return .map(["name"])
        default: return .atomic
        }
    }

    /// True when the mapping at `names` is replaced wholesale rather than merged key by key.
    func isAtomicMap(at names: [String]) -> Bool {
        if atomicMaps.contains(names) { return true }
        if names == ["spec", "selector"] && Self.selectorKinds.contains(kind) { return true }
        return false
    }

    /// The `k:` element of an associative-list item: its key fields as sorted compact JSON.
    /// A missing `protocol` key counts as `TCP`, its default.
    static func keyElement(of item: Node, keys: [String]) -> PathElement? {
        guard let mapping = item.mapping else { return nil }
        var entries: [Mapping.Entry] = []
        for key in keys.sorted() {
            if let value = mapping[key], !value.isNull {
                entries.append(.init(key: Scalar(key), value: value))
            } else if key == "protocol" {
                entries.append(.init(key: Scalar(key), value: .string("TCP")))
            }
        }
        guard !entries.isEmpty, let json = try? JSON.serialize(.mapping(Mapping(entries))) else { return nil }
        return .key(json)
    }

    /// Reads list and map types from a CRD version's `openAPIV3Schema`.
    static func declared(byCRDSchema schema: Node?, kind: String) -> FieldSchema {
        var result = FieldSchema(kind: kind, isCustom: true)
        if let schema { result.collect(schema, names: []) }
        return result
    }

    private mutating func collect(_ schema: Node, names: [String]) {
        if let listType = schema["x-kubernetes-list-type"]?.string {
            switch listType {
            case "map":
                let keys = schema["x-kubernetes-list-map-keys"]?.sequence?.compactMap(\.string) ?? []
                declaredLists[names] = .map(keys)
            case "set": declaredLists[names] = .set
            default: declaredLists[names] = .atomic
            }
        }
        if schema["x-kubernetes-map-type"]?.string == "atomic" { atomicMaps.insert(names) }
        if let properties = schema["properties"]?.mapping {
            for entry in properties.entries { collect(entry.value, names: names + [entry.key.value]) }
        }
        if let items = schema["items"] { collect(items, names: names) }
    }
}
