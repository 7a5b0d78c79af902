import Manifests

extension Node {
    /// Equal as JSON values: mapping key order does not matter, numbers compare by value.
    ///
    /// Cheaper than serializing both sides with sorted keys, which is what the
    /// write path would otherwise do on every no-op check.
    func isEquivalent(to other: Node) -> Bool {
        switch (self, other) {
        case (.scalar(let lhs), .scalar(let rhs)):
            if lhs == rhs { return true }
            guard let left = try? lhs.jsonScalar(), let right = try? rhs.jsonScalar() else { return false }
            return left == right
        case (.sequence(let lhs), .sequence(let rhs)):
            guard lhs.count == rhs.count else { return false }
            for index in lhs.indices where !lhs[index].isEquivalent(to: rhs[index]) { return false }
            return true
        case (.mapping(let lhs), .mapping(let rhs)):
            guard lhs.count == rhs.count else { return false }
            for (index, entry) in lhs.entries.enumerated() {
                // Same order is the common case: check the same position first.
                let match: Node?
                if rhs.entries[index].key.value == entry.key.value {
                    match = rhs.entries[index].value
                } else {
                    match = rhs[entry.key.value]
                }
                guard let match, entry.value.isEquivalent(to: match) else { return false }
            }
            return true
        default:
            return false
        }
    }
}
