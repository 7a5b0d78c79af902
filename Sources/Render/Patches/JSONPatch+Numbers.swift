import Manifests

extension JSONPatch {
    /// The object as kustomize has it after a JSON patch: it reads the patched
    /// JSON into Go maps, where every number is a float64, and builds YAML from
    /// them, writing each as `strconv.FormatFloat(_, 'g', -1, 64)` and reading
    /// that text again (an int where it is one). Integers past 2^53 lose digits,
    /// and large ones come out as floats with exponents.
    ///
    /// Changes `node` in place: the patched document is the patch's own copy,
    /// so only the scalars that change are written.
    static func float64Numbers(_ node: inout Node) {
        switch node {
        case .scalar(let scalar):
            guard scalar.tag == .int || scalar.tag == .float, !isShortInteger(scalar.value),
                  let double = Double(scalar.value), double.isFinite else { return }
            node = .scalar(Scalar.untagged(GoFloat.shortestG(double)))
        case .sequence:
            node.modifySequence { items in
                for index in items.indices { float64Numbers(&items[index]) }
            }
        case .mapping:
            node.modifyMapping { mapping in
                for index in mapping.entries.indices { float64Numbers(&mapping.entries[index].value) }
            }
        }
    }

    /// Whether `text` is an integer written as Go writes it with fewer than seven
    /// digits (no sign but '-', no leading zero): one that a float64 holds exactly
    /// and `GoFloat.shortestG` writes back unchanged, so it is left as it is.
    static func isShortInteger(_ text: String) -> Bool {
        var utf8 = text.utf8[...]
        if utf8.first == UInt8(ascii: "-") { utf8 = utf8.dropFirst() }
        guard let first = utf8.first, (1...6).contains(utf8.count),
              first != UInt8(ascii: "0") || utf8.count == 1 else { return false }
        return utf8.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
    }
}
