import Manifests

/// JSON pointers over `Node` trees, with evanphx/json-patch's rules for
/// containers: objects by key, arrays by decimal index (negative counts from
/// the end, `-` appends on add), JSON `null` never a container.
extension JSONPatch {
    /// The parent segments and the last key of a pointer; nil without a `/`.
    static func split(_ path: String) -> (parents: [String], key: String)? {
        let segments = path.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
            .map { decode(String(Substring($0))) }
        guard segments.count >= 2, let key = segments.last else { return nil }
        // The first segment (normally the empty string before the leading `/`) is never read.
        return (Array(segments.dropFirst().dropLast()), key)
    }

    static func decode(_ segment: String) -> String {
        guard segment.utf8.contains(UInt8(ascii: "~")) else { return segment }
        var result = ""
        var iterator = segment.makeIterator()
        while let character = iterator.next() {
            guard character == "~" else {
                result.append(character)
                continue
            }
            switch iterator.next() {
            case "1"?: result.append("/")
            case "0"?: result.append("~")
            case let other?: result.append("~"); result.append(other)
            case nil: result.append("~")
            }
        }
        return result
    }

    /// Whether every parent segment leads to an object or an array.
    static func exists(_ parents: [String], in document: Node) throws -> Bool {
        (try? lookup(parents[...], in: document)) != nil
    }

    static func lookup(_ parents: ArraySlice<String>, in document: Node) throws -> Node {
        var current = document
        for segment in parents {
            let next = try child(segment, of: current)
            guard next.mapping != nil || next.sequence != nil else { throw JSONPatchError("not a container") }
            current = next
        }
        guard current.mapping != nil || current.sequence != nil else { throw JSONPatchError("not a container") }
        return current
    }

    /// Changes the container at `parents` in place.
    static func modify(_ node: inout Node, at parents: ArraySlice<String>, _ body: (inout Node) throws -> Void) throws {
        guard let segment = parents.first else {
            try body(&node)
            return
        }
        switch node {
        case .mapping:
            try node.modifyMapping { mapping in
                guard let index = mapping.index(of: segment) else { throw JSONPatchError("unable to get nonexistent key: \(segment): missing value") }
                try modify(&mapping.entries[index].value, at: parents.dropFirst(), body)
            }
        case .sequence(let items):
            let index = try arrayIndex(segment, count: items.count, extra: 0)
            try node.modifySequence { items in try modify(&items[index], at: parents.dropFirst(), body) }
        case .scalar:
            throw JSONPatchError("not a container")
        }
    }

    /// The value at `key` of a container (`get`), null included.
    static func child(_ key: String, of container: Node) throws -> Node {
        switch container {
        case .mapping(let mapping):
            guard let value = mapping[key] else { throw JSONPatchError("unable to get nonexistent key: \(key): missing value") }
            return value
        case .sequence(let items):
            return items[try arrayIndex(key, count: items.count, extra: 0)]
        case .scalar:
            throw JSONPatchError("not a container")
        }
    }

    /// An array index for `count` elements (`extra` more are addressable, for add).
    static func arrayIndex(_ key: String, count: Int, extra: Int) throws -> Int {
        guard var index = Int(key) else {
            throw JSONPatchError("value was not a proper array index: '\(key)'")
        }
        let size = count + extra
        if index < 0 {
            if index < -size { throw JSONPatchError("Unable to access invalid index: \(index): invalid index referenced") }
            index += size
        }
        if index >= size { throw JSONPatchError("Unable to access invalid index: \(index): invalid index referenced") }
        return index
    }

    static func insert(_ value: Node, at key: String, into container: inout Node, path: String) throws {
        do {
            switch container {
            case .mapping:
                container.modifyMapping { $0[key] = value }
            case .sequence(let items):
                let index = key == "-" ? items.count : try arrayIndex(key, count: items.count, extra: 1)
                container.modifySequence { $0.insert(value, at: index) }
            case .scalar:
                throw JSONPatchError("not a container")
            }
        } catch let error as JSONPatchError {
            throw JSONPatchError("error in add for path: '\(path)': \(error.message)")
        }
    }

    static func set(_ value: Node, at key: String, in container: inout Node, path: String) throws {
        do {
            switch container {
            case .mapping:
                container.modifyMapping { $0[key] = value }
            case .sequence(let items):
                let index = try arrayIndex(key, count: items.count, extra: 0)
                container.modifySequence { $0[index] = value }
            case .scalar:
                throw JSONPatchError("not a container")
            }
        } catch let error as JSONPatchError {
            throw JSONPatchError("error in replace for path: '\(path)': \(error.message)")
        }
    }

    /// Removes and returns the value at `key`.
    static func delete(_ key: String, from container: inout Node, path: String, op: String) throws -> Node {
        switch container {
        case .mapping(let mapping):
            guard let value = mapping[key] else {
                throw JSONPatchError("error in \(op) for path: '\(path)': Unable to remove nonexistent key: \(key): missing value")
            }
            container.modifyMapping { $0.removeValue(forKey: key) }
            return value
        case .sequence(let items):
            let index: Int
            do {
                index = try arrayIndex(key, count: items.count, extra: 0)
            } catch let error as JSONPatchError {
                throw JSONPatchError("error in \(op) for path: '\(path)': \(error.message)")
            }
            let value = items[index]
            container.modifySequence { $0.remove(at: index) }
            return value
        case .scalar:
            throw JSONPatchError("error in \(op) for path: '\(path)': not a container")
        }
    }

    /// evanphx's `equal`: objects and arrays by content, scalars by JSON text.
    static func equal(_ a: Node, _ b: Node) throws -> Bool {
        switch (a, b) {
        case (.mapping(let left), .mapping(let right)):
            guard left.count == right.count else { return false }
            for entry in left.entries {
                guard let other = right[entry.key.value], try equal(entry.value, other) else { return false }
            }
            return true
        case (.sequence(let left), .sequence(let right)):
            guard left.count == right.count else { return false }
            for (x, y) in zip(left, right) where !(try equal(x, y)) { return false }
            return true
        case (.scalar, .scalar):
            return try JSON.serialize(a, options: .goMarshal) == JSON.serialize(b, options: .goMarshal)
        default:
            return false
        }
    }
}
