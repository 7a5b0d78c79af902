import Manifests

/// The kinds the server serves: the built-ins plus one set per CustomResourceDefinition.
struct ResourceRegistry: Sendable {
    static let crdStorageKey = "apiextensions.k8s.io/customresourcedefinitions"

    private(set) var builtins = BuiltinResources.all
    /// Served versions of each CRD, storage version first, by CRD name.
    private(set) var custom: [String: [ResourceType]] = [:] {
        didSet { rebuild() }
    }
    /// Merge schemas of custom kinds, by `group/Kind`.
    private var schemas: [String: FieldSchema] = [:]
    /// Built-ins first, then custom kinds ordered by CRD name.
    private(set) var all: [ResourceType] = BuiltinResources.all
    private var byPath: [String: ResourceType] = ResourceRegistry.index(BuiltinResources.all)

    init() {}

    private static func index(_ types: [ResourceType]) -> [String: ResourceType] {
        var result: [String: ResourceType] = [:]
        for type in types where result["\(type.group)/\(type.version)/\(type.plural)"] == nil {
            result["\(type.group)/\(type.version)/\(type.plural)"] = type
        }
        return result
    }

    private mutating func rebuild() {
        all = builtins + custom.keys.sorted().flatMap { custom[$0] ?? [] }
        byPath = Self.index(all)
    }

    func find(group: String, version: String, plural: String) -> ResourceType? {
        byPath["\(group)/\(version)/\(plural)"]
    }

    /// The preferred version of a group and kind.
    func find(group: String, kind: String) -> ResourceType? {
        all.first { $0.group == group && $0.kind == kind }
    }

    /// The preferred version of the resource stored under `storageKey`.
    func find(storageKey: String) -> ResourceType? {
        all.first { $0.storageKey == storageKey }
    }

    /// Groups and their versions in preference order; the core group is not included.
    var groups: [(name: String, versions: [String])] {
        var result: [(name: String, versions: [String])] = []
        for type in all where !type.group.isEmpty {
            if let index = result.firstIndex(where: { $0.name == type.group }) {
                if !result[index].versions.contains(type.version) { result[index].versions.append(type.version) }
            } else {
                result.append((type.group, [type.version]))
            }
        }
        return result
    }

    /// The merge schema for a kind: built-in rules, or what its CRD declares.
    func schema(for type: ResourceType) -> FieldSchema {
        if type.isCustom { return schemas["\(type.group)/\(type.kind)"] ?? FieldSchema(kind: type.kind, isCustom: true) }
        return FieldSchema(kind: type.kind)
    }

    /// Adds (or replaces) the kinds a CRD defines.
    mutating func register(crd: Node) {
        guard let name = crd[path: ["metadata", "name"]]?.string else { return }
        let spec = crd["spec"]
        guard let group = spec?["group"]?.string, let names = spec?["names"],
              let plural = names["plural"]?.string, let kind = names["kind"]?.string else { return }
        let namespaced = spec?["scope"]?.string != "Cluster"
        var types: [ResourceType] = []
        var storageSchema: Node?
        let versions = spec?["versions"]?.sequence ?? []
        let ordered = versions.filter { $0["storage"]?.text == "true" } + versions.filter { $0["storage"]?.text != "true" }
        for version in ordered {
            guard let versionName = version["name"]?.string, version["served"]?.text != "false" else { continue }
            var subresources: [String] = []
            if version[path: ["subresources", "status"]] != nil { subresources.append("status") }
            let scale = version[path: ["subresources", "scale"]]
            if scale != nil { subresources.append("scale") }
            var type = ResourceType(
                group: group, version: versionName, plural: plural, kind: kind, namespaced: namespaced,
                shortNames: names["shortNames"]?.sequence?.compactMap(\.string) ?? [],
                subresources: subresources,
                categories: names["categories"]?.sequence?.compactMap(\.string) ?? [],
                singular: names["singular"]?.string, listKind: names["listKind"]?.string,
                hasGeneration: true, isCustom: true)
            if let scale {
                type.scaleSpecPath = Self.jsonPath(scale["specReplicasPath"]?.string) ?? ["spec", "replicas"]
                type.scaleStatusPath = Self.jsonPath(scale["statusReplicasPath"]?.string) ?? ["status", "replicas"]
                type.scaleSelectorPath = Self.jsonPath(scale["labelSelectorPath"]?.string)
            }
            type.printerColumns = (version["additionalPrinterColumns"]?.sequence ?? []).compactMap { column in
                guard let name = column["name"]?.string, let path = column["jsonPath"]?.string else { return nil }
                return PrinterColumn(name: name, type: column["type"]?.string ?? "string", jsonPath: path,
                                     priority: Int(column["priority"]?.text ?? "") ?? 0,
                                     description: column["description"]?.string ?? "")
            }
            type.openAPISchema = CustomResourceSchema(version[path: ["schema", "openAPIV3Schema"]])
            if storageSchema == nil { storageSchema = version[path: ["schema", "openAPIV3Schema"]] }
            types.append(type)
        }
        custom[name] = types
        schemas["\(group)/\(kind)"] = FieldSchema.declared(byCRDSchema: storageSchema, kind: kind)
    }

    mutating func unregister(crdName: String) {
        if let types = custom.removeValue(forKey: crdName), let first = types.first {
            schemas["\(first.group)/\(first.kind)"] = nil
        }
    }

    /// `.spec.replicas` → `["spec", "replicas"]`.
    static func jsonPath(_ text: String?) -> [String]? {
        guard let text, text.hasPrefix(".") else { return nil }
        return text.dropFirst().split(separator: ".").map(String.init)
    }
}
