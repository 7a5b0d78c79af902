import Manifests

/// One replacement: a value read from one object (`source`) and copied into
/// fields of the objects its `targets` select.
struct Replacement {
    /// Where the value comes from: one object (by id) and a field of it.
    struct Source {
        var group = "", version = "", kind = "", name = "", namespace = ""
        var fieldPath = ""
        var options: Options?
    }

    /// Which objects and fields receive the value.
    struct Target {
        var select: Selector?
        var reject: [Selector] = []
        var fieldPaths: [String] = []
        var options: Options?
    }

    /// `options` of a source or target.
    struct Options {
        var delimiter = ""
        var index = 0
        var encoding = ""
        var create = false
    }

    var source: Source?
    /// nil when the field is absent (an error), empty when it is an empty list.
    var targets: [Target]?
}

extension Replacement {
    /// Decodes a replacement. Inline in a kustomization it is strict (unknown
    /// fields are errors, as in the kustomization); read from a `path:` file
    /// unknown fields are ignored and names match regardless of case, as
    /// kustomize's plugin config decoding does.
    init(_ node: Node, field: String, decoder: FieldDecoder, strict: Bool) throws {
        defer {
            // kustomize hands inline replacements to its plugin through YAML
            // that omits empty fields, so `targets: []` there counts as absent.
            if strict, targets?.isEmpty == true { targets = nil }
        }
        try Self.fields(node, field, ["source", "targets"], decoder, strict) { key, value in
            if key == "source" {
                guard !value.isNull else { return }
                source = try Self.source(value, "\(field).source", decoder, strict)
            } else if !value.isNull {
                targets = try decoder.list(value, "\(field).targets") { item, name in
                    try Self.target(item, name, decoder, strict)
                }
            }
        }
    }

    static func source(_ node: Node, _ field: String, _ decoder: FieldDecoder, _ strict: Bool) throws -> Source {
        var source = Source()
        let known: Set<String> = ["group", "version", "kind", "name", "namespace", "fieldPath", "options"]
        try fields(node, field, known, decoder, strict) { key, value in
            switch key {
            case "options": source.options = try options(value, "\(field).options", decoder, strict)
            case "fieldPath": source.fieldPath = try decoder.string(value, "\(field).fieldPath")
            default:
                let text = try decoder.string(value, "\(field).\(key)")
                switch key {
                case "group": source.group = text
                case "version": source.version = text
                case "kind": source.kind = text
                case "name": source.name = text
                default: source.namespace = text
                }
            }
        }
        return source
    }

    static func target(_ node: Node, _ field: String, _ decoder: FieldDecoder, _ strict: Bool) throws -> Target {
        var target = Target()
        try fields(node, field, ["select", "reject", "fieldPaths", "options"], decoder, strict) { key, value in
            switch key {
            case "select":
                target.select = try selector(value, "\(field).select", decoder, strict)
            case "reject":
                target.reject = try decoder.list(value, "\(field).reject") { item, name in
                    try selector(item, name, decoder, strict) ?? Selector()
                }
            case "fieldPaths":
                target.fieldPaths = try decoder.stringList(value, "\(field).fieldPaths")
            default:
                target.options = try options(value, "\(field).options", decoder, strict)
            }
        }
        return target
    }

    static func selector(_ node: Node, _ field: String, _ decoder: FieldDecoder, _ strict: Bool) throws -> Selector? {
        if node.isNull { return nil }
        var selector = Selector()
        let known: Set<String> = ["group", "version", "kind", "name", "namespace", "labelSelector", "annotationSelector"]
        try fields(node, field, known, decoder, strict) { key, value in
            let text = try decoder.string(value, "\(field).\(key)")
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

    static func options(_ node: Node, _ field: String, _ decoder: FieldDecoder, _ strict: Bool) throws -> Options? {
        if node.isNull { return nil }
        var options = Options()
        try fields(node, field, ["delimiter", "index", "encoding", "create"], decoder, strict) { key, value in
            switch key {
            case "delimiter": options.delimiter = try decoder.string(value, "\(field).delimiter")
            case "encoding": options.encoding = try decoder.string(value, "\(field).encoding")
            case "create": options.create = try decoder.bool(value, "\(field).create") ?? false
            default:
                guard !value.isNull else { return }
                let number = try decoder.integer(value, "\(field).index")
                guard let index = GoInteger.parse((number.scalar?.value ?? "").replacingUnderscores),
                      case .signed(let signed) = index, let small = Int(exactly: signed) else {
                    throw decoder.failure("\(field).index", "must be an integer that fits 64 bits")
                }
                options.index = small
            }
        }
        return options
    }

    /// The entries of a mapping field; unknown keys are errors when `strict`, skipped otherwise.
    static func fields(_ node: Node, _ field: String, _ known: Set<String>, _ decoder: FieldDecoder, _ strict: Bool,
                       _ body: (String, Node) throws -> Void) throws {
        if strict {
            try decoder.fields(node, field, known: known, body)
            return
        }
        // A replacement file is read leniently, field names matched as Go's
        // JSON decoder matches them: exactly, else regardless of case.
        for entry in try decoder.mapping(node, field).entries {
            let key = entry.key.value
            guard let name = known.contains(key) ? key : known.first(where: { $0.lowercased() == key.lowercased() }) else { continue }
            try body(name, entry.value)
        }
    }
}
