import Manifests

extension TransformerConfig {
    /// kustomize's `MakeTransformerConfig`: the defaults, merged with the
    /// configuration of the `configurations:` files (merged together first).
    /// Such a file holds YAML with the field specs of each transformer
    /// (`namePrefix`, `namespace`, `commonLabels`, ..., `nameReference`).
    static func load(_ paths: [String], loader: Loader, file: String) throws -> TransformerConfig {
        var result = mergedDefaults
        guard !paths.isEmpty else { return result }
        var files = TransformerConfig()
        for (index, path) in paths.enumerated() {
            guard !path.isEmpty else {
                throw RenderError(.kustomization, file: file,
                                  "'configurations[\(index)]' names no file; give the path of a transformer configuration file or remove the entry")
            }
            let display = loader.display(path)
            let bytes: [UInt8]
            do {
                bytes = try loader.load(path)
            } catch var error as RenderError {
                error.message = "cannot load 'configurations[\(index)]' of '\(file)': \(error.message)"
                throw error
            }
            let documents: [Node]
            do {
                // kustomize decodes the first document alone; what follows it is never parsed.
                documents = try YAMLParser(source: display, yaml11: true).parseFirstDocument(bytes).map { [$0] } ?? []
            } catch let error as YAMLError {
                throw RenderError(.syntax, file: display, "invalid transformer configuration: line \(error.line): \(error.message)")
            }
            guard let document = documents.first, !document.isNull else { continue }
            do {
                try files.merge(ConfigDecoder(file: display).config(document))
            } catch var error as RenderError {
                if error.file.isEmpty { error.file = display }
                throw error
            }
        }
        try result.merge(files)
        return result
    }

    /// The defaults as merging them into an empty configuration leaves them
    /// (deduplicated and sorted by kind), computed once.
    static let mergedDefaults: TransformerConfig = {
        var config = TransformerConfig()
        config.mergeUnchecked(.defaults)
        return config
    }()

    /// The name references (and label, annotation and name fields) that CRD
    /// schema files (`crds:`) declare. Such a file maps Go type names
    /// (`github.com/example/v1.Widget`) to OpenAPI definitions; a type with
    /// `kind`, `apiVersion` and `metadata` properties is a kind (the last
    /// dotted part of its name), and its properties, followed through `$ref`s,
    /// may carry `x-kubernetes-object-ref-api-version` and
    /// `x-kubernetes-object-ref-kind` (a reference, by its `name` or the
    /// `x-kubernetes-object-ref-name-key` field), `x-kubernetes-annotation`,
    /// `x-kubernetes-label-selector` or `x-kubernetes-identity`.
    static func fromCRDs(_ paths: [String], loader: Loader) throws -> TransformerConfig {
        var result = TransformerConfig()
        for path in paths {
            let display = loader.display(path)
            let bytes = try loader.load(path)
            let root: Node
            do {
                if bytes.first == UInt8(ascii: "{") {
                    root = try JSON.parse(bytes, source: display)
                } else {
                    root = try YAMLParser(source: display, yaml11: true).parse(bytes).first ?? .emptyMapping
                }
            } catch let error as YAMLError {
                throw RenderError(.syntax, file: display, "unable to parse open API definition: line \(error.line): \(error.message)")
            }
            guard let types = root.mapping else {
                if root.isNull { continue }
                throw RenderError(.kustomization, file: display, "unable to parse open API definition: expected a mapping of type names")
            }
            var config = TransformerConfig()
            for entry in types.entries {
                let properties = CRDSchemaWalk.properties(of: entry.value)
                guard properties["kind"] != nil, properties["apiVersion"] != nil, properties["metadata"] != nil else { continue }
                let kind = entry.key.value.split(separator: ".", omittingEmptySubsequences: false).last.map(String.init) ?? ""
                var visited: Set<String> = []
                try CRDSchemaWalk(types: types, kind: kind, file: display)
                    .collect(typeName: entry.key.value, path: [], visited: &visited, into: &config)
            }
            try result.merge(config)
        }
        return result
    }
}

/// Follows the properties of one CRD kind through its `$ref`s.
struct CRDSchemaWalk {
    let types: Mapping
    let kind: String
    let file: String

    func collect(typeName: String, path: [String], visited: inout Set<String>, into config: inout TransformerConfig) throws {
        // A type referring back to itself would recurse forever in kustomize;
        // stop at the first repeat instead.
        guard let definition = types[typeName], visited.insert(typeName).inserted else { return }
        defer { visited.remove(typeName) }
        let properties = Self.properties(of: definition)
        for property in properties.entries {
            let name = property.key.value
            let schema = property.value
            let here = path + [name]
            let spec = FieldSpec(kind: kind, path: here.joined(separator: "/"))
            if extensionString(schema, "x-kubernetes-annotation") != nil {
                try TransformerConfig.merge(&config.commonAnnotations, [spec], "CommonAnnotations")
            }
            if extensionString(schema, "x-kubernetes-label-selector") != nil {
                try TransformerConfig.merge(&config.commonLabels, [spec], "CommonLabels")
            }
            if extensionString(schema, "x-kubernetes-identity") != nil {
                try TransformerConfig.merge(&config.namePrefix, [spec], "NamePrefix")
            }
            if let version = extensionString(schema, "x-kubernetes-object-ref-api-version"),
               let referredKind = extensionString(schema, "x-kubernetes-object-ref-kind") {
                let nameKey = extensionString(schema, "x-kubernetes-object-ref-name-key") ?? "name"
                var addition = TransformerConfig()
                addition.nameReference = [TransformerConfig.NameReference(
                    version: version, kind: referredKind,
                    referrers: [FieldSpec(kind: kind, path: (here + [nameKey]).joined(separator: "/"))])]
                try config.merge(addition)
            }
            if let reference = schema["$ref"]?.string, !reference.isEmpty {
                try collect(typeName: reference, path: here, visited: &visited, into: &config)
            }
        }
    }

    /// The properties of a definition's schema (`Schema` and `properties` are
    /// Go struct fields, matched without regard to case; the last one wins).
    static func properties(of definition: Node) -> Mapping {
        func field(_ node: Node?, _ name: String) -> Node? {
            node?.mapping?.entries.last { ConfigDecoder.fold($0.key.value) == ConfigDecoder.fold(name) }?.value
        }
        return field(field(definition, "Schema"), "properties")?.mapping ?? Mapping()
    }

    /// An OpenAPI extension's value when it is a string. kube-openapi keeps
    /// extension names as written and looks them up in lower case, so only a
    /// lower-case name is found.
    func extensionString(_ schema: Node, _ name: String) -> String? {
        schema.mapping?[name]?.string
    }
}
