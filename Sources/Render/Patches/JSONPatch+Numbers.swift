import Manifests

extension JSONPatch {
    /// The object as kustomize has it after a JSON patch: it reads the patched
    /// JSON into Go maps, where every number is a float64, and builds YAML from
    /// them, writing each as `strconv.FormatFloat(_, 'g', -1, 64)` and reading
    /// that text again (an int where it is one). Integers past 2^53 lose digits,
    /// and large ones come out as floats with exponents.
    static func float64Numbers(_ node: Node) -> Node {
        switch node {
        case .scalar(let scalar):
            guard scalar.tag == .int || scalar.tag == .float, let double = Double(scalar.value), double.isFinite else {
                return node
            }
            let text = GoFloat.shortestG(double)
            return .scalar(Scalar.untagged(text))
        case .sequence(let items):
            return .sequence(items.map(float64Numbers))
        case .mapping(var mapping):
            for index in mapping.entries.indices {
                mapping.entries[index].value = float64Numbers(mapping.entries[index].value)
            }
            return .mapping(mapping)
        }
    }
}
