import Manifests

/// Strategic merge patches as kustomize applies them: kyaml's merge2 walker,
/// not apimachinery's strategicpatch.
///
/// - maps merge key by key; a `null` in the patch deletes the key, a `null`
///   already in the target stays;
/// - `$patch: delete` deletes a map (or the whole object), `$patch: replace`
///   replaces it; as a list element, `{$patch: replace}` or `{$patch: delete}`
///   replaces or clears the list;
/// - lists merge element by element only where the schema gives the field a
///   `merge` patch strategy (containers, env, volumes by `name`, ports by
///   `containerPort`/`port` and `protocol`, finalizers as a set, ...); every
///   other list, and every list of a type without schema (custom resources),
///   is replaced by the patch's;
/// - merged lists put the patch's elements first, in the patch's order, then
///   the target's other elements;
/// - a scalar over a quoted one is a string (`merged(_:over:)`);
/// - `$setElementOrder/…`, `$retainKeys`, `$deleteFromPrimitiveList/…` mean
///   nothing here and are copied like any other field.
struct StrategicMerge {
    let schema: OpenAPISchema

    /// Merges `patch` into `target`; nil when the patch deletes the object.
    func apply(_ patch: Node, to target: Node) throws -> Node? {
        let root = MergeNode(target)
        let result: MergeNode?
        do {
            result = try walk(dest: root, origin: MergeNode(patch), schema: nil)
        } catch let error as MergeError {
            throw RenderError(.build, file: "", error.message)
        }
        guard let result, !result.isNull, !result.isEmptyMapping else { return nil }
        // kustomize keeps only what the merge did to the object's own node: a
        // top-level `$patch: replace` hands back the patch instead, and is lost.
        return root.node
    }

    private enum Directive { case merge, replace, delete, unknown }

    private func walk(dest: MergeNode?, origin: MergeNode?, schema given: SchemaNode?) throws -> MergeNode? {
        // Most of an object is out of the patch's reach; where the walk would give
        // that part back as it is, it is left unconverted.
        if origin == nil, let dest, let node = dest.unexpanded, isUnchangedAlone(node, schema: given) { return dest }
        let schema = given ?? typeSchema(dest, origin)
        let first = [dest, origin].compactMap { $0 }.first { !$0.isNull }
        guard let kind = first?.kind else { return try walkMap(dest: dest, origin: origin, schema: schema) }
        for source in [dest, origin] {
            if let source, !source.isNull, source.kind != kind {
                throw MergeNode.wrongKind(expected: MergeNode(kind: kind).kindName, source)
            }
        }
        switch kind {
        case .mapping:
            return try walkMap(dest: dest, origin: origin, schema: schema)
        case .sequence:
            if let schema, schema.mergesLists {
                return try walkAssociativeList(dest: dest, origin: origin, schema: schema)
            }
            return origin ?? dest
        case .scalar:
            if let origin, let dest, dest.kind == .scalar, origin.kind == .scalar, !origin.isNull {
                origin.scalar = Self.merged(origin.scalar, over: dest.scalar)
            }
            return origin ?? dest
        }
    }

    /// kyaml gives the patch's scalar the style of the target's before it takes
    /// its place, and kustomize writes the object out and reads it back: over a
    /// quoted or block scalar, a patch's number, boolean or date is read back as
    /// a string (unless its own explicit tag differs from what its text says).
    static func merged(_ origin: Scalar, over dest: Scalar) -> Scalar {
        let quoted = dest.isWrittenQuoted
        var result = origin
        if quoted, !origin.isString, origin.tag == ScalarResolver.resolvePlain(origin.value) {
            result.tag = .string
        }
        result.style = quoted ? .quoted : .plain
        return result
    }

    /// Where no field schema leads, kyaml looks the node up as a resource type.
    private func typeSchema(_ dest: MergeNode?, _ origin: MergeNode?) -> SchemaNode? {
        for source in [dest, origin] {
            guard let source, source.kind == .mapping else { continue }
            let kind = source.field("kind")?.text ?? ""
            let apiVersion = source.field("apiVersion")?.text ?? ""
            if kind.isEmpty || apiVersion.isEmpty { continue }
            if let found = schema.schema(apiVersion: apiVersion, kind: kind) { return found }
        }
        return nil
    }

    /// Whether walking `node` with no patch for it returns it unchanged, decided
    /// on the node itself without converting it. Conservative: whatever it does
    /// not recognise (nulls, lists whose key values are missing, repeated or not
    /// scalars) answers false and goes through the full walk, which may drop or
    /// reorder elements as kyaml does.
    private func isUnchangedAlone(_ node: Node, schema given: SchemaNode?) -> Bool {
        switch node {
        case .scalar(let scalar):
            return scalar.tag != .null
        case .mapping(let mapping):
            let schema = given ?? typeSchema(of: mapping)
            let entries = mapping.entries
            for index in entries.indices {
                // A scalar comes back as it is (a null too: the walk leaves one the patch does not mention).
                if case .scalar = entries[index].value { continue }
                let fieldSchema = schema.flatMap { self.schema.field(entries[index].key.value, of: $0) }
                if !isUnchangedAlone(entries[index].value, schema: fieldSchema) { return false }
            }
            return true
        case .sequence(let items):
            guard let schema = given, schema.mergesLists, !items.isEmpty else { return true }
            let keys = schema.strategyAndKeys.keys
            let elementSchema = self.schema.elements(of: schema)
            if keys.isEmpty {
                var seen = Set<String>()
                for item in items {
                    guard case .scalar(let scalar) = item, scalar.tag != .null, !scalar.value.isEmpty,
                          seen.insert(scalar.value).inserted else { return false }
                }
                return true
            }
            var seen = Set<[String]>()
            var presence: [Bool]?
            for item in items {
                guard case .mapping(let element) = item else { return false }
                var tuple: [String] = []
                var present: [Bool] = []
                for key in keys {
                    guard let value = element[key] else {
                        tuple.append("")
                        present.append(false)
                        continue
                    }
                    guard case .scalar(let scalar) = value, scalar.tag != .null, !scalar.value.isEmpty else { return false }
                    tuple.append(scalar.value)
                    present.append(true)
                }
                // Every element keyed by the same keys, each one once.
                if let presence, presence != present { return false }
                presence = present
                guard present.contains(true), seen.insert(tuple).inserted,
                      isUnchangedAlone(item, schema: elementSchema) else { return false }
            }
            return true
        }
    }

    private func typeSchema(of mapping: Mapping) -> SchemaNode? {
        let kind = mapping["kind"]?.text ?? ""
        let apiVersion = mapping["apiVersion"]?.text ?? ""
        if kind.isEmpty || apiVersion.isEmpty { return nil }
        return schema.schema(apiVersion: apiVersion, kind: kind)
    }

    private func walkMap(dest: MergeNode?, origin: MergeNode?, schema: SchemaNode?) throws -> MergeNode? {
        let target: MergeNode?
        if MergeNode.isMissingOrNull(dest) {
            if ((try? directive(of: origin)) ?? .unknown) == .delete { return nil }
            target = origin
        } else if origin?.isNull == true {
            return nil
        } else {
            switch try directive(of: origin) {
            case .delete: return nil
            case .replace: target = origin
            case .merge, .unknown: target = dest
            }
        }
        guard let target else { return nil }
        // A map has a handful of fields: a scan finds the repeated names faster
        // than hashing every one, except in a large map.
        var names: [String] = []
        var seen = Set<String>()
        for source in [target, origin] where source?.kind == .mapping {
            for entry in source?.fields ?? [] {
                let name = entry.key.value
                if names.count < 16 ? !names.contains(name) : seen.insert(name).inserted {
                    names.append(name)
                    if names.count == 16 { seen = Set(names) }
                }
            }
        }
        names.sort()
        for name in names {
            let destValue = target.field(name)
            let originValue = origin?.field(name)
            // kustomize 5 keeps the target's own nulls where the patch says nothing.
            if originValue == nil, destValue?.isNull == true { continue }
            // Only a map or a list reads its field's schema: scalars are not looked up.
            let isCollection = (destValue.map { $0.kind != .scalar } ?? false) || (originValue.map { $0.kind != .scalar } ?? false)
            let fieldSchema = isCollection ? schema.flatMap { self.schema.field(name, of: $0) } : nil
            target.setField(name, try walk(dest: destValue, origin: originValue, schema: fieldSchema))
        }
        return target
    }

    /// Reads (and removes) a `$patch` directive from a patch node.
    private func directive(of patch: MergeNode?) throws -> Directive {
        guard let patch else { return .merge }
        switch patch.kind {
        case .mapping:
            guard let value = patch.field("$patch") else { return .merge }
            let directive = try Self.directive(named: value.text)
            patch.setField("$patch", nil)
            return directive
        case .sequence:
            // A list's directive is an element holding `$patch` and nothing else.
            guard let element = patch.items.first(where: { $0.kind == .mapping && $0.field("$patch") != nil }),
                  element.fields.count <= 1, let value = element.field("$patch") else { return .merge }
            let directive = try Self.directive(named: value.text)
            try patch.setElement(nil, keys: ["$patch"], values: [value.text])
            return directive
        case .scalar:
            throw MergeError(message: "no implemented strategic merge patch strategy for '\(patch.scalar.tag.shortName)' ('\(patch.text)')")
        }
    }


    private static func directive(named name: String) throws -> Directive {
        switch name {
        case "delete": return .delete
        case "replace": return .replace
        case "merge": return .merge
        default: throw MergeError(message: "unknown patch strategy '\(name)'")
        }
    }

    private func walkAssociativeList(dest: MergeNode?, origin: MergeNode?, schema: SchemaNode) throws -> MergeNode? {
        let target: MergeNode
        if MergeNode.isMissingOrNull(dest) {
            guard let origin else { return nil }
            target = origin
        } else if origin?.isNull == true {
            return nil
        } else {
            switch try directive(of: origin) {
            case .delete: return nil
            case .replace: target = origin ?? MergeNode(kind: .sequence)
            case .merge, .unknown: target = dest ?? MergeNode(kind: .sequence)
            }
        }
        let keys = schema.strategyAndKeys.keys
        let elementSchema = self.schema.elements(of: schema)
        let values = elementValues(target: target, origin: origin, keys: keys)
        if !values.isEmpty || !keys.isEmpty {
            return try mergeByKeys(values, keys: keys, target: target, origin: origin, schema: elementSchema)
        }
        return try mergeByKeys(primitiveValues(target: target, origin: origin).map { [$0] }, keys: [""],
                               target: target, origin: origin, schema: elementSchema)
    }

    /// The key values of every element, the patch's first, each tuple once.
    private func elementValues(target: MergeNode, origin: MergeNode?, keys: [String]) -> [[String]] {
        var result: [[String]] = []
        var seen = Set<[String]>()
        for source in [origin, target] {
            guard let source, source.kind == .sequence else { continue }
            for item in source.items {
                let tuple = keys.map { key -> String in
                    guard let value = item.field(key), !value.isNullOrEmpty else { return "" }
                    return value.text
                }
                if tuple.isEmpty || seen.contains(tuple) { continue }
                seen.insert(tuple)
                result.append(tuple)
            }
        }
        return result
    }

    private func primitiveValues(target: MergeNode, origin: MergeNode?) -> [String] {
        var result: [String] = []
        var seen = Set<String>()
        for source in [origin, target] {
            guard let source, source.kind == .sequence else { continue }
            for item in source.items where !seen.contains(item.text) {
                seen.insert(item.text)
                result.append(item.text)
            }
        }
        return result
    }

    /// kyaml's `mergeValues`: key tuples that agree wherever both have a
    /// value (and share one) become one tuple, `80/""` and `80/TCP` both `80/TCP`.
    private static func mergeCompatible(_ list: [[String]]) -> [[String]] {
        var list = list
        for i in list.indices {
            let first = list[i]
            for j in list.indices {
                if let merged = compatible(first, list[j]) {
                    list[i] = merged
                    list[j] = merged
                }
            }
        }
        return list
    }

    private static func compatible(_ a: [String], _ b: [String]) -> [String]? {
        guard a.count == b.count else { return nil }
        var common = false
        var result: [String] = []
        for (x, y) in zip(a, b) {
            if x == y {
                common = true
                result.append(x)
                continue
            }
            if !x.isEmpty && !y.isEmpty { return nil }
            result.append(x.isEmpty ? y : x)
        }
        return common ? result : nil
    }

    /// kyaml's `validateKeys`: the keys that have a value in any tuple of
    /// `list` (all keys when none has), and this tuple's values for them.
    private static func validKeys(_ list: [[String]], _ values: [String], _ keys: [String]) -> (keys: [String], values: [String]) {
        validKeys(keysWithValues(list, keys), values, keys)
    }

    /// The keys that have a value in some tuple of `list`.
    private static func keysWithValues(_ list: [[String]], _ keys: [String]) -> Set<String> {
        var valid = Set<String>()
        for tuple in list {
            for (index, value) in tuple.enumerated() where !value.isEmpty { valid.insert(keys[index]) }
        }
        return valid
    }

    private static func validKeys(_ valid: Set<String>, _ values: [String], _ keys: [String]) -> (keys: [String], values: [String]) {
        if valid.isEmpty { return (keys, values) }
        let validKeys = keys.filter { valid.contains($0) }
        var validValues: [String] = []
        for (index, value) in values.enumerated() where !value.isEmpty || valid.contains(keys[index]) {
            validValues.append(value)
        }
        return (validKeys, validValues)
    }

    /// The element of `list` that the key tuple names, matched on the keys it has values for.
    private static func element(of list: MergeNode?, keys: [String], values: [String]) -> MergeNode? {
        let (keys, values) = validKeys([values], values, keys)
        return list?.element(keys: keys, values: values)
    }

    private func mergeByKeys(_ values: [[String]], keys: [String], target: MergeNode, origin: MergeNode?,
                             schema elementSchema: SchemaNode?) throws -> MergeNode? {
        let list = keys.count > 1 ? Self.mergeCompatible(values) : values
        let merged = MergeNode(kind: .sequence)
        var validKeys: [String] = []
        // The keys with a value in any tuple depend on the list only: found once, not per element.
        let keysWithValues = Self.keysWithValues(list, keys)
        for value in list where !value.isEmpty {
            let valid = Self.validKeys(keysWithValues, value, keys)
            validKeys = valid.keys
            let result = try walk(dest: Self.element(of: target, keys: valid.keys, values: valid.values),
                                  origin: Self.element(of: origin, keys: valid.keys, values: valid.values), schema: elementSchema)
            guard let result, !result.isNull, !result.isEmptyMapping else {
                try target.setElement(nil, keys: valid.keys, values: valid.values)
                continue
            }
            for (index, key) in valid.keys.enumerated() where result.field(key) == nil && !valid.values[index].isEmpty {
                guard result.kind == .mapping || key.isEmpty else { throw MergeNode.wrongKind(expected: "MappingNode", result) }
                if key.isEmpty { continue }  // a primitive element keeps its own scalar
                let text = valid.values[index]
                result.fields.append((Scalar(key), MergeNode(kind: .scalar, scalar: Scalar.untagged(text))))
            }
            try merged.setElement(result, keys: valid.keys, values: valid.values)
        }
        guard !list.isEmpty else { return target }
        // The target's elements go in after the patch's (kyaml's "prepend"), by the last keys used.
        try merged.appendElements(of: target, keys: validKeys)
        return merged
    }
}
