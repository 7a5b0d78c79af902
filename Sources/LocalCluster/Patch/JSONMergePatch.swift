import Manifests

/// RFC 7386 JSON merge patch: maps merge, `null` deletes, everything else (lists included) is replaced.
enum JSONMergePatch {
    static func apply(_ patch: Node, to target: Node?) -> Node {
        guard case .mapping(let patchMapping) = patch else { return patch }
        var result = target?.mapping ?? Mapping()
        for entry in patchMapping.entries {
            let key = entry.key.value
            if entry.value.isNull {
                result.removeValue(forKey: key)
            } else {
                result[key] = apply(entry.value, to: result[key])
            }
        }
        return .mapping(result)
    }
}
