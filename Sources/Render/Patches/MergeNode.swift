import Manifests

/// A mutable, shared YAML node for the strategic merge: kyaml's merge works
/// on pointers, merges elements in place and sometimes walks one node as both
/// target and patch, and its results depend on that sharing. Mirroring it
/// with a reference type keeps those results without reasoning them out.
/// Lives only for one merge; never escapes it.
final class MergeNode {
    enum Kind { case mapping, sequence, scalar }

    var kind: Kind
    var scalar: Scalar
    /// The original collection while its children have not been looked at: most
    /// of an object is untouched by a patch, so it is converted to merge nodes
    /// only where the merge reaches, and given back as it was everywhere else.
    private var pending: Node?
    private var storedFields: [(key: Scalar, value: MergeNode)]
    private var storedItems: [MergeNode]

    var fields: [(key: Scalar, value: MergeNode)] {
        get {
            expand()
            return storedFields
        }
        _modify {
            expand()
            yield &storedFields
        }
    }

    var items: [MergeNode] {
        get {
            expand()
            return storedItems
        }
        _modify {
            expand()
            yield &storedItems
        }
    }

    init(kind: Kind, scalar: Scalar = Scalar(""), fields: [(key: Scalar, value: MergeNode)] = [], items: [MergeNode] = []) {
        self.kind = kind
        self.scalar = scalar
        self.storedFields = fields
        self.storedItems = items
    }

    convenience init(_ node: Node) {
        switch node {
        case .scalar(let scalar):
            self.init(kind: .scalar, scalar: scalar)
        case .mapping:
            self.init(kind: .mapping)
            pending = node
        case .sequence:
            self.init(kind: .sequence)
            pending = node
        }
    }

    /// Converts the children of a pending collection.
    private func expand() {
        guard let node = pending else { return }
        pending = nil
        switch node {
        case .mapping(let mapping): storedFields = mapping.entries.map { ($0.key, MergeNode($0.value)) }
        case .sequence(let items): storedItems = items.map { MergeNode($0) }
        case .scalar: break
        }
    }

    /// The node as given, while the merge has not looked inside it.
    var unexpanded: Node? { pending }

    var node: Node {
        if let pending { return pending }
        switch kind {
        case .scalar: return .scalar(scalar)
        case .mapping: return .mapping(Mapping(storedFields.map { Mapping.Entry(key: $0.key, value: $0.value.node) }))
        case .sequence: return .sequence(storedItems.map(\.node))
        }
    }

    /// yaml.v3's `Node.Value`: a scalar's text, empty for collections.
    var text: String { kind == .scalar ? scalar.value : "" }

    var isNull: Bool { kind == .scalar && scalar.tag == .null }
    var isEmptyMapping: Bool { kind == .mapping && fields.isEmpty }

    /// kyaml's `IsNilOrEmpty` for a present node.
    var isNullOrEmpty: Bool {
        isNull || (kind == .mapping && fields.isEmpty) || (kind == .sequence && items.isEmpty)
    }

    var kindName: String {
        switch kind {
        case .mapping: return "MappingNode"
        case .sequence: return "SequenceNode"
        case .scalar: return "ScalarNode"
        }
    }

    /// The value of the first field called `name`.
    func field(_ name: String) -> MergeNode? {
        guard kind == .mapping else { return nil }
        return fieldIndex(name).map { fields[$0].value }
    }

    /// The index of the first field called `name`, found without copying the fields passed.
    func fieldIndex(_ name: String) -> Int? {
        for index in fields.indices where fields[index].key.hasValue(name) { return index }
        return nil
    }

    /// kyaml's `FieldSetter`: a missing or null value removes the field.
    func setField(_ name: String, _ value: MergeNode?) {
        guard let value, !value.isNull else {
            if let index = fieldIndex(name) { fields.remove(at: index) }
            return
        }
        if let index = fieldIndex(name) {
            fields[index].value = value
        } else {
            fields.append((Scalar(name), value))
        }
    }
}

/// A failure inside the merge, worded as kyaml words it.
struct MergeError: Error {
    var message: String
}

/// kyaml's list primitives (`ElementSetter`, `ElementMatcher`, `FieldMatcher`),
/// quirks included: they drop null and empty-map elements as they rebuild a
/// list, and an empty match value matches any element that has the field.
extension MergeNode {
    static func isMissingOrNull(_ node: MergeNode?) -> Bool {
        guard let node else { return true }
        return node.isNull
    }

    static func wrongKind(expected: String, _ node: MergeNode) -> MergeError {
        let contents = (try? YAMLEmitter.stream([node.node])) ?? ""
        return MergeError(message: "wrong node kind: expected \(expected) but got \(node.kindName): node contents:\n\(contents)")
    }

    /// `FieldMatcher{Name, StringValue}`: the field's value when its text is
    /// `value`; any value when `value` is empty.
    func matchField(_ name: String, _ value: String) throws -> MergeNode? {
        if isNull { return nil }
        if name.isEmpty {
            guard kind == .scalar else { throw Self.wrongKind(expected: "ScalarNode", self) }
            return text == value ? self : nil
        }
        guard kind == .mapping else { throw Self.wrongKind(expected: "MappingNode", self) }
        for index in fields.indices where fields[index].key.hasValue(name) {
            if value.isEmpty || fields[index].value.text == value { return fields[index].value }
        }
        return nil
    }

    /// `ElementSetter`: replaces every element matching all keys with `element`
    /// (removes them when it is nil), appends it when none matched.
    func setElement(_ element: MergeNode?, keys: [String], values: [String]) throws {
        let keys = keys.isEmpty ? [""] : keys
        let mappingSetter = !keys[0].isEmpty && !(values.first ?? "").isEmpty
        var rebuilt: [MergeNode] = []
        var matched = false
        for item in items {
            if item.isNull || item.isEmptyMapping { continue }
            if item.kind != .mapping && mappingSetter {
                rebuilt.append(item)
                continue
            }
            var found = true
            var value: MergeNode?
            for index in keys.indices {
                if index < values.count { value = try item.matchField(keys[index], values[index]) }
                if value == nil {
                    found = false
                    break
                }
            }
            if !found {
                if !values.isEmpty { rebuilt.append(item) }
                continue
            }
            matched = true
            if let element { rebuilt.append(element) }
        }
        items = rebuilt
        guard let element, !element.isNull else { return }
        if !matched { items.append(element) }
    }

    /// `ElementMatcher` (`ElementList`, `Element`): the first element whose
    /// fields `keys` have the texts `values`; with the key "" the first element
    /// whose own text is the value.
    func element(keys: [String], values: [String]) -> MergeNode? {
        guard kind == .sequence else { return nil }
        let keys = keys.isEmpty ? [""] : keys
        let values = values.isEmpty ? [""] : values
        if keys[0].isEmpty {
            return items.first { $0.text == values[0] }
        }
        guard keys.count == values.count else { return nil }
        for item in items where item.kind == .mapping {
            let matches = keys.indices.allSatisfy { index in
                item.fields.contains { $0.key.value == keys[index] && $0.value.text == values[index] }
            }
            if matches { return item }
        }
        return nil
    }

    /// kyaml's `appendListNode`: sets every element of `source` into this list
    /// by its key values (with several keys, first removing the elements that
    /// match); an element without a key is appended, and then (by kyaml's own
    /// slip) matched on the keys it has.
    func appendElements(of source: MergeNode, keys: [String]) throws {
        guard let firstKey = keys.first else { return }
        for item in source.items {
            if firstKey.isEmpty {
                try setElement(item, keys: [""], values: [item.text])
                continue
            }
            var values: [String] = []
            for key in keys {
                if !item.isNull, item.kind != .mapping { throw Self.wrongKind(expected: "MappingNode", item) }
                guard let value = item.field(key) else {
                    items.append(item)
                    continue
                }
                values.append(value.text)
            }
            if keys.count > 1 { try setElement(nil, keys: keys, values: values) }
            try setElement(item, keys: keys, values: values)
        }
    }
}
