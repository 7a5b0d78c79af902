extension Node {
    /// A way a tree passes the bounds of `InputLimits`.
    package enum BoundsExcess: Sendable, Equatable, CustomStringConvertible {
        /// Mappings and sequences nest deeper than `InputLimits.nestingDepth`.
        case depth
        /// Its nodes and scalar bytes together weigh more than `InputLimits.renderedBytes`.
        case size

        package var description: String {
            switch self {
            case .depth:
                return "mappings and sequences nested more than \(InputLimits.nestingDepth) levels deep; git-ops handles at most \(InputLimits.nestingDepth) levels"
            case .size:
                return "it would grow larger than \(InputLimits.describe(InputLimits.renderedBytes)), the most git-ops prints"
            }
        }
    }

    /// How the tree passes the bounds every parsed tree keeps, or `nil` when it
    /// keeps them. Values that patches and replacements copy into a tree can
    /// make it deeper or larger than any input was; this finds out in at most
    /// `InputLimits.renderedBytes` steps, without recursion.
    package func boundsExcess(depth maximumDepth: Int = InputLimits.nestingDepth,
                              weight maximumWeight: Int = InputLimits.renderedBytes) -> BoundsExcess? {
        var weight = 0
        var pending: [(node: Node, depth: Int)] = [(self, 0)]
        while let (node, depth) = pending.popLast() {
            weight += 1
            switch node {
            case .scalar(let scalar):
                weight += scalar.value.utf8.count
            case .sequence(let items):
                guard depth < maximumDepth else { return .depth }
                for item in items { pending.append((item, depth + 1)) }
            case .mapping(let mapping):
                guard depth < maximumDepth else { return .depth }
                for entry in mapping.entries {
                    weight += 1 + entry.key.value.utf8.count
                    pending.append((entry.value, depth + 1))
                }
            }
            if weight > maximumWeight { return .size }
        }
        return nil
    }
}
