import Manifests

/// Wildcards in the keys of a pattern's `metadata.labels` and
/// `metadata.annotations` (`wildcards.ExpandInMetadata`): before a map with
/// `metadata` is matched, each such key is replaced by the first key of the
/// object it matches (`X(fluxcd.io/*)` becomes `X(fluxcd.io/automated)` when
/// the object has that annotation), and those maps keep only their string values.
enum MetadataWildcards {
    static func expand(_ pattern: Mapping, against object: Mapping) -> Mapping {
        guard let metadataIndex = index(of: "metadata", in: pattern),
              case .mapping(var metadata) = pattern.entries[metadataIndex].value,
              let objectMetadata = PatternMatcher.value(object["metadata"]) else { return pattern }
        var changed = false
        for tag in ["labels", "annotations"] {
            guard let (patternIndex, patternData) = strings(tag, in: metadata),
                  let objectMetadata = objectMetadata.mapping, let (_, objectData) = strings(tag, in: objectMetadata) else { continue }
            var expanded = Mapping()
            for (key, value) in patternData {
                var newKey = key
                if Wildcard.containsWildcard(key) {
                    if let anchor = Anchor(key) {
                        newKey = Anchor(kind: anchor.kind, key: firstMatch(anchor.key, in: objectData)).text
                    } else {
                        newKey = firstMatch(key, in: objectData)
                    }
                }
                if let existing = expanded.index(of: newKey) {
                    expanded.entries[existing].value = .string(value)
                } else {
                    expanded.entries.append(Mapping.Entry(key: Scalar(newKey), value: .string(value)))
                }
            }
            metadata.entries[patternIndex].value = .mapping(expanded)
            changed = true
        }
        guard changed else { return pattern }
        var result = pattern
        result.entries[metadataIndex].value = .mapping(metadata)
        return result
    }

    /// The index of `tag` in `mapping`, written plainly or inside an anchor.
    static func index(of tag: String, in mapping: Mapping) -> Int? {
        mapping.entries.firstIndex { $0.key.value == tag || Anchor($0.key.value)?.key == tag }
    }

    /// The string values of the map under `tag`, and where it is.
    static func strings(_ tag: String, in mapping: Mapping) -> (Int, [(String, String)])? {
        guard let index = index(of: tag, in: mapping), case .mapping(let values) = mapping.entries[index].value else { return nil }
        var result: [(String, String)] = []
        for entry in values.entries {
            if case .scalar(let scalar) = entry.value, scalar.tag != .null, Atom(value: entry.value).isString {
                result.append((entry.key.value, scalar.value))
            }
        }
        return (index, result)
    }

    /// The first key of `data` that `pattern` matches, else `pattern` itself.
    static func firstMatch(_ pattern: String, in data: [(String, String)]) -> String {
        data.first { Wildcard.match(pattern, $0.0) }?.0 ?? pattern
    }
}

extension Atom {
    var isString: Bool { if case .string = self { return true } else { return false } }
}
