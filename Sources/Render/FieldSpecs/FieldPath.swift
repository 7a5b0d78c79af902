import Manifests

/// Walking the field path of a `FieldSpec` (`spec/template/spec/containers/image`)
/// as kustomize does: path parts name mapping fields, sequences are walked
/// item by item without a path part of their own (`name[]` hints that a
/// field is a sequence), and `\/` escapes a slash inside a part.
enum FieldPath {
    /// What to create where a path is missing and the spec says `create: true`.
    enum CreateKind {
        case scalar
        case mapping
        case sequence
    }

    /// Splits a field spec path at unescaped slashes.
    /// Works on the bytes, as kustomize does: a `/` is never part of another character.
    static func split(_ path: String) -> [String] {
        var parts: [String] = []
        var part: [UInt8] = []
        for byte in path.utf8 {
            guard byte == UInt8(ascii: "/") else {
                part.append(byte)
                continue
            }
            if part.last == UInt8(ascii: "\\") {
                part[part.count - 1] = byte
            } else {
                parts.append(String(decoding: part, as: UTF8.self))
                part.removeAll(keepingCapacity: true)
            }
        }
        parts.append(String(decoding: part, as: UTF8.self))
        return parts
    }

    /// True when the spec's group, version and kind select the object.
    static func matches(_ spec: FieldSpec, _ object: Node) -> Bool {
        matches(spec, Subject(object))
    }

    /// What a spec is matched against: an object's kind, group and version, read once
    /// for all the specs of a transformer.
    struct Subject {
        var kind: String
        var apiVersion: String

        init(_ object: Node) {
            kind = object["kind"]?.text ?? ""
            apiVersion = object["apiVersion"]?.text ?? ""
        }
    }

    static func matches(_ spec: FieldSpec, _ subject: Subject) -> Bool {
        if !spec.kind.isEmpty, spec.kind != subject.kind { return false }
        if spec.group.isEmpty && spec.version.isEmpty { return true }
        let (group, version) = ResourceID.split(apiVersion: subject.apiVersion)
        if !spec.group.isEmpty, spec.group != group { return false }
        if !spec.version.isEmpty, spec.version != version { return false }
        return true
    }

    /// Calls `body` on every node at `spec`'s path in `object`, when the spec selects
    /// the object. With `create` set (and the spec's `create: true`), missing fields are
    /// made: mappings on the way, `create` at the end.
    static func visit(_ object: inout Node, _ spec: FieldSpec, create: CreateKind? = nil,
                      _ body: (inout Node) throws -> Void) throws {
        guard matches(spec, object) else { return }
        try visitMatched(&object, spec, create: create, body)
    }

    /// `visit` for an object whose kind and version the caller matched against the spec.
    static func visitMatched(_ object: inout Node, _ spec: FieldSpec, create: CreateKind? = nil,
                             _ body: (inout Node) throws -> Void) throws {
        let parts = spec.parts
        do {
            try walk(&object, parts[...], create: spec.create ? create : nil, body)
        } catch let error as PathError {
            throw RenderError(.build, file: "", "obj '\(Self.describe(object))' at path '\(spec.path)': \(error.message)")
        }
    }

    struct PathError: Error {
        var message: String
    }

    static func describe(_ object: Node) -> String {
        let kind = object["kind"]?.text ?? ""
        let name = object[path: ["metadata", "name"]]?.text ?? ""
        return "\(kind)/\(name)"
    }

    static func walk(_ node: inout Node, _ path: ArraySlice<String>, create: CreateKind?,
                     _ body: (inout Node) throws -> Void) throws {
        guard let first = path.first else {
            try body(&node)
            return
        }
        switch node {
        case .sequence:
            try node.modifySequence { items in
                for index in items.indices { try walk(&items[index], path, create: create, body) }
            }
        case .mapping:
            let isSequence = first.hasSuffix("[]")
            let name = isSequence ? String(first.dropLast(2)) : first
            // An empty part (an empty path, `a//b`, `[]`) is an error wherever it meets a mapping.
            if name.isEmpty { throw PathError(message: "cannot set or create an empty field name") }
            let rest = path.dropFirst()
            try node.modifyMapping { mapping in
                if let index = mapping.index(of: name) {
                    var child = mapping.entries[index].value
                    mapping.entries[index].value = .null
                    if child.isNull, isSequence {
                        // kyaml takes the `[]` hint: a null there becomes an empty list, create or not.
                        mapping.entries[index].value = .sequence([])
                        return
                    }
                    if child.isNull, create != nil, !isSequence {
                        child = rest.isEmpty ? empty(create ?? .scalar) : .emptyMapping
                    } else if child.isNull, !rest.isEmpty {
                        mapping.entries[index].value = child
                        return
                    }
                    defer { mapping.entries[index].value = child }
                    try walk(&child, rest, create: create, body)
                } else if let create, !isSequence {
                    var child = rest.isEmpty ? empty(create) : .emptyMapping
                    try walk(&child, rest, create: create, body)
                    mapping.entries.append(Mapping.Entry(key: Scalar(name), value: child))
                }
            }
        case .scalar(let scalar):
            if scalar.tag == .null { return }
            throw PathError(message: "expected sequence or mapping node")
        }
    }

    static func empty(_ kind: CreateKind) -> Node {
        switch kind {
        case .scalar: return .null
        case .mapping: return .emptyMapping
        case .sequence: return .sequence([])
        }
    }
}
