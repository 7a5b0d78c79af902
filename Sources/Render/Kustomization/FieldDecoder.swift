import Manifests

/// Strict, typed reading of kustomization fields, as Go's JSON decoder reads
/// them into kustomize's structs: a string field takes only a string, a
/// boolean only a boolean, null means "not set", and unknown fields are errors.
struct FieldDecoder {
    let file: String
    /// False for plugin configs, which kustomize reads with a lenient decoder
    /// that ignores fields it does not know.
    var strict = true
    /// True for the plugin configs kustomize reads with go-yaml v3, which
    /// matches field names exactly (Go's JSON decoder also accepts other case).
    var exactKeys = false

    func failure(_ field: String, _ message: String) -> RenderError {
        RenderError(.kustomization, file: file, "invalid kustomization: field '\(field)' \(message)")
    }

    static func describe(_ node: Node) -> String {
        switch node {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .scalar(let scalar):
            switch scalar.tag {
            case .int, .float: return "a number (\(scalar.value))"
            case .bool: return "a boolean (\(scalar.value))"
            case .null: return "null"
            default: return "a string"
            }
        }
    }

    func string(_ node: Node, _ field: String) throws -> String {
        if node.isNull { return "" }
        // kustomize hands a plugin its config as JSON turned back into YAML,
        // and sigs.k8s.io/yaml turns a number or a boolean into the string a
        // string field asks for: `1.10` arrives as `1.1`, `1e3` as `1000`,
        // a timestamp in RFC 3339.
        if !strict, case .scalar(let scalar) = node {
            let json: JSONScalar
            do {
                json = try scalar.jsonScalar()
            } catch let error as ScalarConversionError {
                throw failure(field, error.reason)
            }
            return json.yamlText.text
        }
        // go-yaml v2 leaves a timestamp as its text when a string is asked for.
        guard case .scalar(let scalar) = node,
              scalar.tag == .string || scalar.tag == .binary || scalar.tag == .timestamp || scalar.tag.isCustom else {
            throw failure(field, "must be a string, found \(Self.describe(node)); quote the value")
        }
        return scalar.value
    }

    func bool(_ node: Node, _ field: String) throws -> Bool? {
        if node.isNull { return nil }
        // go-yaml v3 takes YAML 1.1's yes/no/on/off words for a boolean
        // field, even as strings (they reach the plugin quoted, through JSON).
        if exactKeys, case .scalar(let scalar) = node, scalar.tag == .string, let value = ScalarResolver.yaml11Bool(scalar.value) {
            return value
        }
        guard case .scalar(let scalar) = node, scalar.tag == .bool else {
            throw failure(field, "must be true or false, found \(Self.describe(node))")
        }
        return ScalarResolver.yaml11Bool(scalar.value) ?? false
    }

    func integer(_ node: Node, _ field: String) throws -> Node {
        // The file reaches kustomize as JSON, where `3.0` or `1e1` is a number an integer field takes.
        if case .scalar(let scalar) = node, scalar.tag == .float, let value = Double(scalar.value.replacingUnderscores),
           value.isFinite, value == value.rounded(), abs(value) < 0x1p63 {
            return .scalar(Scalar(String(Int64(value)), tag: .int))
        }
        guard case .scalar(let scalar) = node, scalar.tag == .int, GoInteger.parse(scalar.value.replacingUnderscores) != nil else {
            throw failure(field, "must be an integer, found \(Self.describe(node))")
        }
        return node
    }

    func mapping(_ node: Node, _ field: String) throws -> Mapping {
        if node.isNull { return Mapping() }
        guard let mapping = node.mapping else { throw failure(field, "must be a mapping, found \(Self.describe(node))") }
        return mapping
    }

    func stringList(_ node: Node, _ field: String) throws -> [String] {
        if node.isNull { return [] }
        guard let items = node.sequence else { throw failure(field, "must be a list of strings, found \(Self.describe(node))") }
        return try items.enumerated().map { try string($0.element, "\(field)[\($0.offset)]") }
    }

    func stringMap(_ node: Node, _ field: String) throws -> [(key: String, value: String)] {
        try mapping(node, field).entries.map { entry in
            (try mapKey(entry.key, field), try string(entry.value, "\(field).\(entry.key.value)"))
        }
    }

    /// A map key as kustomize receives it: the file is read by go-yaml v2
    /// (YAML 1.1) and passed on as JSON, so a plain `yes`, `on` or `y` is the
    /// key "true", `010` is "8" and `1.50` is "1.5"; a null key is refused.
    func mapKey(_ key: Scalar, _ field: String) throws -> String {
        let text = key.value
        guard key.style != .quoted else { return text }
        let tag = key.isString ? ScalarResolver.resolvePlainV2(text) : key.tag
        switch tag {
        case .bool:
            return ScalarResolver.yaml11Bool(text) == true ? "true" : "false"
        case .int:
            return GoInteger.parse(text.replacingUnderscores)?.decimal ?? text
        case .float:
            guard let value = Double(text.replacingUnderscores), value.isFinite else { return text }
            return GoFloat.json(value)
        case .null:
            throw failure(field, "has a null key; quote the key")
        default:
            return text
        }
    }

    func list<T>(_ node: Node, _ field: String, _ body: (Node, String) throws -> T) throws -> [T] {
        if node.isNull { return [] }
        guard let items = node.sequence else { throw failure(field, "must be a list, found \(Self.describe(node))") }
        return try items.enumerated().map { try body($0.element, "\(field)[\($0.offset)]") }
    }

    /// Calls `body` for every entry of a mapping field, rejecting keys not in `known`.
    func fields(_ node: Node, _ field: String, known: Set<String>, _ body: (String, Node) throws -> Void) throws {
        for entry in try mapping(node, field).entries {
            // Go's JSON decoding matches field names exactly first, then regardless of case.
            let key = entry.key.value
            let name = known.contains(key) ? key : exactKeys ? nil : known.first { $0.lowercased() == key.lowercased() }
            guard let name else {
                if !strict { continue }
                throw RenderError(.kustomization, file: file, "invalid kustomization: json: unknown field \"\(key)\" in '\(field)'")
            }
            try body(name, entry.value)
        }
    }

    func selector(_ node: Node, _ field: String) throws -> Selector? {
        if node.isNull { return nil }
        var selector = Selector()
        try fields(node, field, known: ["group", "version", "kind", "name", "namespace", "labelSelector", "annotationSelector"]) { key, value in
            let text = try string(value, "\(field).\(key)")
            switch key {
            case "group": selector.group = text
            case "version": selector.version = text
            case "kind": selector.kind = text
            case "name": selector.name = text
            case "namespace": selector.namespace = text
            case "labelSelector": selector.labelSelector = text
            default: selector.annotationSelector = text
            }
        }
        return selector
    }

    func fieldSpec(_ node: Node, _ field: String) throws -> FieldSpec {
        var spec = FieldSpec(path: "")
        try fields(node, field, known: ["group", "version", "kind", "path", "create"]) { key, value in
            switch key {
            case "group": spec.group = try string(value, "\(field).group")
            case "version": spec.version = try string(value, "\(field).version")
            case "kind": spec.kind = try string(value, "\(field).kind")
            case "path": spec.path = try string(value, "\(field).path")
            default: spec.create = try bool(value, "\(field).create") ?? false
            }
        }
        return spec
    }

    func labelSet(_ node: Node, _ field: String) throws -> Kustomization.LabelSet {
        var set = Kustomization.LabelSet()
        try fields(node, field, known: ["pairs", "includeSelectors", "includeTemplates", "fields"]) { key, value in
            switch key {
            case "pairs": set.pairs = try stringMap(value, "\(field).pairs")
            case "includeSelectors": set.includeSelectors = try bool(value, "\(field).includeSelectors") ?? false
            case "includeTemplates": set.includeTemplates = try bool(value, "\(field).includeTemplates") ?? false
            default: set.fields = try list(value, "\(field).fields") { try fieldSpec($0, $1) }
            }
        }
        return set
    }

    func patch(_ node: Node, _ field: String) throws -> Kustomization.PatchSpec {
        var patch = Kustomization.PatchSpec()
        try fields(node, field, known: ["path", "patch", "target", "options"]) { key, value in
            switch key {
            case "path": patch.path = try string(value, "\(field).path")
            case "patch": patch.patch = try string(value, "\(field).patch")
            case "target": patch.target = try selector(value, "\(field).target")
            default:
                for entry in try mapping(value, "\(field).options").entries {
                    patch.options[entry.key.value] = try bool(entry.value, "\(field).options.\(entry.key.value)") ?? false
                }
            }
        }
        return patch
    }

    func image(_ node: Node, _ field: String) throws -> Kustomization.ImageSpec {
        var image = Kustomization.ImageSpec()
        try fields(node, field, known: ["name", "newName", "newTag", "digest", "tagSuffix"]) { key, value in
            let text = try string(value, "\(field).\(key)")
            switch key {
            case "name": image.name = text
            case "newName": image.newName = text
            case "newTag": image.newTag = text
            case "digest": image.digest = text
            default: image.tagSuffix = text
            }
        }
        return image
    }

    func replica(_ node: Node, _ field: String) throws -> Kustomization.ReplicaSpec {
        var replica = Kustomization.ReplicaSpec()
        try fields(node, field, known: ["name", "count"]) { key, value in
            if key == "name" { replica.name = try string(value, "\(field).name") } else { replica.count = try integer(value, "\(field).count") }
        }
        return replica
    }

    func replacement(_ node: Node, _ field: String) throws -> Kustomization.ReplacementEntry {
        var entry = Kustomization.ReplacementEntry()
        var inline = Mapping()
        try fields(node, field, known: ["path", "source", "targets"]) { key, value in
            if key == "path" { entry.path = try string(value, "\(field).path") } else { inline[key] = value }
        }
        if !inline.isEmpty {
            guard entry.path.isEmpty else {
                throw failure(field, "cannot have both a path and an inline replacement")
            }
            entry.inline = .mapping(inline)
        }
        return entry
    }

    func variable(_ node: Node, _ field: String) throws -> Kustomization.VarSpec {
        var spec = Kustomization.VarSpec()
        try fields(node, field, known: ["name", "objref", "fieldref"]) { key, value in
            switch key {
            case "name": spec.name = try string(value, "\(field).name")
            case "objref":
                try fields(value, "\(field).objref", known: ["group", "version", "kind", "name", "namespace", "apiVersion"]) { key, value in
                    let text = try string(value, "\(field).objref.\(key)")
                    switch key {
                    case "group": spec.objref.group = text
                    case "version": spec.objref.version = text
                    case "kind": spec.objref.kind = text
                    case "name": spec.objref.name = text
                    case "namespace": spec.objref.namespace = text
                    default: spec.objref.apiVersion = text
                    }
                }
            default:
                try fields(value, "\(field).fieldref", known: ["fieldPath", "fieldpath"]) { _, value in
                    spec.fieldPath = try string(value, "\(field).fieldref.fieldPath")
                }
            }
        }
        return spec
    }

    func sortOptions(_ node: Node, _ field: String) throws -> Kustomization.SortOptions? {
        if node.isNull { return nil }
        var options = Kustomization.SortOptions()
        try fields(node, field, known: ["order", "legacySortOptions"]) { key, value in
            if key == "order" {
                options.order = try string(value, "\(field).order")
            } else if !value.isNull {
                options.hasLegacyOptions = true
                try fields(value, "\(field).legacySortOptions", known: ["orderFirst", "orderLast"]) { key, value in
                    let list = try stringList(value, "\(field).legacySortOptions.\(key)")
                    if key == "orderFirst" { options.orderFirst = list } else { options.orderLast = list }
                }
            }
        }
        return options
    }

    func generatorOptions(_ node: Node, _ field: String) throws -> Kustomization.GeneratorOptions? {
        if node.isNull { return nil }
        var options = Kustomization.GeneratorOptions()
        try fields(node, field, known: ["labels", "annotations", "disableNameSuffixHash", "immutable"]) { key, value in
            switch key {
            case "labels": options.labels = try stringMap(value, "\(field).labels")
            case "annotations": options.annotations = try stringMap(value, "\(field).annotations")
            case "disableNameSuffixHash": options.disableNameSuffixHash = try bool(value, "\(field).disableNameSuffixHash")
            default: options.immutable = try bool(value, "\(field).immutable")
            }
        }
        return options
    }

    func generatorArgs(_ node: Node, _ field: String, secret: Bool) throws -> Kustomization.GeneratorArgs {
        var args = Kustomization.GeneratorArgs()
        var known: Set<String> = ["name", "namespace", "behavior", "literals", "files", "envs", "env", "options"]
        if secret { known.insert("type") }
        var env = ""
        try fields(node, field, known: known) { key, value in
            switch key {
            case "name": args.name = try string(value, "\(field).name")
            case "namespace": args.namespace = try string(value, "\(field).namespace")
            case "behavior": args.behavior = try string(value, "\(field).behavior")
            case "literals": args.literals = try stringList(value, "\(field).literals")
            case "files": args.files = try stringList(value, "\(field).files")
            case "envs": args.envs = try stringList(value, "\(field).envs")
            case "env": env = try string(value, "\(field).env")
            case "type": args.type = try string(value, "\(field).type")
            default: args.options = try generatorOptions(value, "\(field).options")
            }
        }
        if !env.isEmpty { args.envs.append(env) }
        return args
    }
}

extension Tag {
    var isCustom: Bool {
        if case .other = self { return true }
        return false
    }
}

extension String {
    var replacingUnderscores: String { String(filter { $0 != "_" }) }
}
