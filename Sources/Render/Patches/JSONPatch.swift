import Manifests

/// RFC 6902 JSON patches as kustomize applies them (evanphx/json-patch v5):
/// the object goes through JSON, the operations run in order, the first
/// failure stops the patch. Quirks kept: a path's first segment is ignored
/// (`spec/replicas` acts on `/replicas`), negative array indexes count from
/// the end, `test` of a missing path against `null` passes, and scalars
/// compare by their JSON text.
struct JSONPatch: Sendable {
    struct Operation: Sendable {
        var op: String
        var path: String?
        var from: String?
        var value: Node?
    }

    var operations: [Operation]

    init(operations: [Operation]) {
        self.operations = operations
    }

    /// Decodes operations from JSON (text starting with `[`) or YAML, as
    /// kustomize does (YAML read with YAML 1.1 rules, as sigs.k8s.io/yaml reads it).
    init(text: String) throws {
        if text.isEmpty { throw JSONPatchError("empty json patch operations") }
        let document: Node
        do {
            if text.hasPrefix("[") {
                document = try JSON.parse(text)
            } else {
                document = try YAMLParser(source: "patch", yaml11: true).parseFirstDocument(Array(text.utf8)) ?? .null
            }
        } catch {
            throw JSONPatchError("\(error)")
        }
        // YAML that holds no document decodes to JSON null: no operations.
        if document.isNull {
            operations = []
            return
        }
        guard case .sequence(let items) = document else {
            throw JSONPatchError("json: cannot unmarshal \(Self.typeName(document)) into Go value of type jsonpatch.Patch")
        }
        operations = try items.map { item in
            if item.isNull { return Operation(op: "unknown") }
            guard case .mapping(let mapping) = item else {
                throw JSONPatchError("json: cannot unmarshal \(Self.typeName(item)) into Go value of type jsonpatch.Operation")
            }
            var operation = Operation(op: mapping["op"]?.string ?? "unknown")
            operation.path = mapping["path"]?.string
            operation.from = mapping["from"]?.string
            if let value = mapping["value"] {
                operation.value = try JSON.roundTrip(Self.jsonable(value))
            }
            return operation
        }
    }

    /// What sigs.k8s.io/yaml makes of YAML before JSON: timestamps stay
    /// strings and non-string keys become the text of their value (`yes:` is "true").
    static func jsonable(_ node: Node) throws -> Node {
        switch node {
        case .scalar(let scalar):
            switch scalar.tag {
            case .timestamp: return .string(scalar.value)
            case .bool: return .bool(ScalarResolver.yaml11Bool(scalar.value) == true)
            default: return node
            }
        case .sequence(let items):
            return .sequence(try items.map(jsonable))
        case .mapping(let mapping):
            var result = Mapping()
            for entry in mapping.entries {
                var key = entry.key
                if key.tag != .string {
                    guard case .scalar(let converted) = try jsonable(.scalar(key)) else { continue }
                    let text = converted.tag == .string ? converted.value : try JSON.serialize(.scalar(converted))
                    key = Scalar(text, tag: .string)
                }
                result.entries.append(Mapping.Entry(key: key, value: try jsonable(entry.value)))
            }
            return .mapping(result)
        }
    }

    static func typeName(_ node: Node) -> String {
        switch node {
        case .mapping: return "object"
        case .sequence: return "array"
        case .scalar(let scalar):
            switch scalar.tag {
            case .int, .float: return "number"
            case .bool: return "bool"
            default: return "string"
            }
        }
    }

    /// Applies the operations to `object` (read back through JSON first).
    func apply(to object: Node) throws -> Node {
        var document = try JSON.roundTrip(object)
        for operation in operations {
            switch operation.op {
            case "add": try add(operation, to: &document)
            case "remove": try remove(operation, from: &document)
            case "replace": try replace(operation, in: &document)
            case "move": try move(operation, in: &document)
            case "copy":
                try copy(operation, in: &document)
                // A copy can double the document each time: stop it before it is huge.
                try Self.checkBounds(document)
            case "test": try test(operation, against: document)
            default: throw JSONPatchError("Unexpected kind: \(operation.op)")
            }
        }
        try Self.checkBounds(document)
        Self.float64Numbers(&document)
        return document
    }

    /// Refuses a document that the operations made deeper or larger than any
    /// parsed one may be (see `InputLimits`).
    static func checkBounds(_ document: Node) throws {
        if let excess = document.boundsExcess() { throw JSONPatchError("the patched object is too large: \(excess)") }
    }

    private func path(of operation: Operation) throws -> String {
        guard let path = operation.path else { throw JSONPatchError("\(operation.op) operation failed to decode path: missing value") }
        return path
    }

    private func from(of operation: Operation) throws -> String {
        guard let from = operation.from else { throw JSONPatchError("\(operation.op) operation failed to decode from: missing value") }
        return from
    }

    private func add(_ operation: Operation, to document: inout Node) throws {
        let path = try path(of: operation)
        let value = operation.value ?? .null
        guard let (parents, key) = Self.split(path), try Self.exists(parents, in: document) else {
            throw JSONPatchError("add operation does not apply: doc is missing path: \"\(path)\": missing value")
        }
        try Self.modify(&document, at: parents[...]) { container in
            try Self.insert(value, at: key, into: &container, path: path)
        }
    }

    private func remove(_ operation: Operation, from document: inout Node) throws {
        let path = try path(of: operation)
        guard let (parents, key) = Self.split(path), try Self.exists(parents, in: document) else {
            throw JSONPatchError("remove operation does not apply: doc is missing path: \"\(path)\": missing value")
        }
        try Self.modify(&document, at: parents[...]) { container in
            _ = try Self.delete(key, from: &container, path: path, op: "remove")
        }
    }

    private func replace(_ operation: Operation, in document: inout Node) throws {
        let path = try path(of: operation)
        let value = operation.value ?? .null
        if path.isEmpty {
            // json-patch means to refuse a scalar here, but wraps a nil error: it is a no-op.
            if value.mapping != nil || value.sequence != nil { document = value }
            return
        }
        guard let (parents, key) = Self.split(path), try Self.exists(parents, in: document) else {
            throw JSONPatchError("replace operation does not apply: doc is missing path: \(path): missing value")
        }
        // json-patch v5 finds a missing object key "present" (as nil): replace then adds it.
        try Self.modify(&document, at: parents[...]) { container in
            try Self.set(value, at: key, in: &container, path: path)
        }
    }

    private func move(_ operation: Operation, in document: inout Node) throws {
        let from = try from(of: operation)
        guard let (fromParents, fromKey) = Self.split(from), try Self.exists(fromParents, in: document) else {
            throw JSONPatchError("move operation does not apply: doc is missing from path: \(from): missing value")
        }
        var moved: Node = .null
        try Self.modify(&document, at: fromParents[...]) { container in
            moved = try Self.delete(fromKey, from: &container, path: fromKey, op: "move")
        }
        let path = try path(of: operation)
        guard let (parents, key) = Self.split(path), try Self.exists(parents, in: document) else {
            throw JSONPatchError("move operation does not apply: doc is missing destination path: \(path): missing value")
        }
        try Self.modify(&document, at: parents[...]) { container in
            try Self.insert(moved, at: key, into: &container, path: path)
        }
    }

    private func copy(_ operation: Operation, in document: inout Node) throws {
        let from = try from(of: operation)
        guard let (fromParents, fromKey) = Self.split(from), try Self.exists(fromParents, in: document) else {
            throw JSONPatchError("copy operation does not apply: doc is missing from path: \"\(from)\": missing value")
        }
        let parent = try Self.lookup(fromParents[...], in: document)
        let value: Node
        do {
            // A missing object key copies as null (json-patch v5 reads it as nil).
            value = parent.mapping != nil ? (parent[fromKey] ?? .null) : try Self.child(fromKey, of: parent)
        } catch let error as JSONPatchError {
            throw JSONPatchError("error in copy for from: '\(from)': \(error.message)")
        }
        let path = try path(of: operation)
        guard let (parents, key) = Self.split(path), try Self.exists(parents, in: document) else {
            throw JSONPatchError("copy operation does not apply: doc is missing destination path: \(path): missing value")
        }
        try Self.modify(&document, at: parents[...]) { container in
            try Self.insert(value, at: key, into: &container, path: path)
        }
    }

    private func test(_ operation: Operation, against document: Node) throws {
        let path = try path(of: operation)
        let expected = operation.value ?? .null
        let failed = JSONPatchError("testing value \(path) failed: test failed")
        if path.isEmpty {
            if try Self.equal(document, expected) { return }
            throw failed
        }
        guard let (parents, key) = Self.split(path), try Self.exists(parents, in: document) else {
            throw JSONPatchError("test operation does not apply: is missing path: \(path): missing value")
        }
        let parent = try Self.lookup(parents[...], in: document)
        guard let actual = try? Self.child(key, of: parent), !actual.isNull else {
            if expected.isNull { return }
            throw failed
        }
        if expected.isNull {
            if actual.isNull { return }
            throw failed
        }
        if try Self.equal(actual, expected) { return }
        throw failed
    }
}

/// A JSON patch failure, worded as evanphx/json-patch words it.
struct JSONPatchError: Error, CustomStringConvertible {
    var message: String
    init(_ message: String) { self.message = message }
    var description: String { message }
}
