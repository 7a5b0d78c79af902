import FileTree
import Manifests

/// kustomize's ValueAddTransformer plugin: writes one value into a field of
/// the selected objects (every object without a selector), creating the
/// field; with `filePathPosition` the value is inserted as a part of the
/// file path the field holds. `metadata/namespace` is set as the namespace
/// transformer sets it (namespaced objects only, and subjects named `default`).
struct ValueAddTransformer {
    struct Target {
        var selector: Selector?
        var fieldPath = ""
        var filePathPosition = 0
    }

    let value: String
    let targets: [Target]

    init(_ config: PluginConfig, loader: Loader) throws {
        var value = try config.string("value").trimmingWhitespace
        // The value defaults to the name of the kustomization's directory.
        if value.isEmpty { value = TreePath.base(loader.display("")) }
        self.value = value
        var targets = try Self.targets(config.field("targets"), config: config)
        let targetFile = try config.string("targetFilePath")
        if !targetFile.isEmpty {
            let display = loader.display(targetFile)
            let documents: [Node]
            do {
                documents = try YAMLParser(source: display, yaml11: true, lastKeyWins: true).parse(try loader.load(targetFile))
            } catch let error as YAMLError {
                throw RenderError(.syntax, file: display, "invalid YAML at line \(error.line): \(error.message)")
            }
            targets += try Self.targets(documents.first.flatMap { PluginConfig.field($0, "targets") }, config: config)
        }
        if targets.isEmpty { throw config.failure("must specify at least one target") }
        for target in targets {
            if target.fieldPath.isEmpty { throw config.failure("fieldPath cannot be empty") }
            if target.filePathPosition < 0 {
                throw config.failure("value of FilePathPosition (\(target.filePathPosition)) cannot be negative")
            }
        }
        self.targets = targets
    }

    static func targets(_ node: Node?, config: PluginConfig) throws -> [Target] {
        guard let node else { return [] }
        return try config.decoder.list(node, "targets") { item, field in
            var target = Target()
            // Nested fields match regardless of case too, as Go's JSON decoder finds them.
            target.selector = try PluginConfig.field(item, "selector").map { try config.decoder.selector($0, "\(field).selector") } ?? nil
            target.fieldPath = try PluginConfig.field(item, "fieldPath").map { try config.decoder.string($0, "\(field).fieldPath") } ?? ""
            target.filePathPosition = try config.integer(PluginConfig.field(item, "filePathPosition"), "\(field).filePathPosition")
            return target
        }
    }

    func apply(to resources: inout ResourceMap) throws {
        for target in targets {
            let offsets = try target.selector?.select(in: resources) ?? Array(resources.items.indices)
            for offset in offsets {
                try resources.modify(at: offset) { resource in
                    if target.fieldPath == "metadata/namespace" {
                        try NamespaceTransformer(namespace: value, fieldSpecs: []).apply(to: &resource)
                        return
                    }
                    do {
                        try set(in: &resource.object, fields: Self.fields(target.fieldPath)[...], target: target)
                    } catch var error as RenderError {
                        if error.file.isEmpty { error.file = resource.origin }
                        throw error
                    }
                }
            }
        }
    }

    /// The fields of a path; `\/` escapes a slash inside a field name.
    static func fields(_ path: String) -> [String] {
        var fields: [String] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: false) {
            if let last = fields.last, last.hasSuffix("\\") {
                fields[fields.count - 1] = String(last.dropLast()) + "/" + part
            } else {
                fields.append(String(part))
            }
        }
        return fields
    }

    /// kyaml's `LookupCreate` down `fields`, then the value set at the end.
    func set(in node: inout Node, fields: ArraySlice<String>, target: Target) throws {
        guard let field = fields.first else {
            guard case .scalar(let scalar) = node else {
                throw RenderError(.build, file: "", "wrong node kind at '\(target.fieldPath)': expected ScalarNode")
            }
            let old = scalar.tag == .null ? "" : scalar.value
            let text = target.filePathPosition > 0 ? Self.insertPathPart(old, target.filePathPosition - 1, value) : value
            node = ScalarRewrite.replacing(node, with: text)
            return
        }
        let rest = fields.dropFirst()
        if field.hasPrefix("["), field.hasSuffix("]"), let equals = field.firstIndex(of: "=") {
            let key = String(field[field.index(after: field.startIndex)..<equals])
            let wanted = String(field[field.index(after: equals)..<field.index(before: field.endIndex)])
            if node.isNull { node = .sequence([]) }
            guard case .sequence = node else {
                throw RenderError(.build, file: "", "wrong node kind at '\(target.fieldPath)': expected SequenceNode")
            }
            try node.modifySequence { items in
                var index = items.firstIndex { $0[key]?.scalar?.value == wanted }
                if index == nil {
                    var element = Node.emptyMapping
                    element[key] = .string(wanted)
                    items.append(element)
                    index = items.count - 1
                }
                if let index { try set(in: &items[index], fields: rest, target: target) }
            }
            return
        }
        if node.isNull { node = .emptyMapping }
        guard node.mapping != nil else {
            throw RenderError(.build, file: "", "wrong node kind at '\(target.fieldPath)': expected MappingNode")
        }
        var child = node[field] ?? .null
        try set(in: &child, fields: rest, target: target)
        node[field] = child
    }

    /// kustomize's `filesys.InsertPathPart`: `part` inserted as the path
    /// component at `position` (clamped); a leading `/` is kept.
    static func insertPathPart(_ path: String, _ position: Int, _ part: String) -> String {
        var parts = path.isEmpty ? [] : path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        if path.hasSuffix("/"), !parts.isEmpty { parts.removeLast() }
        var position = max(0, min(position, parts.count))
        if parts.first == "", position < parts.count { position += 1 }
        parts.insert(part, at: position)
        if parts.first == "", parts.count == 1 { return "/" }
        return parts.joined(separator: "/")
    }
}
