/// A path that differs between two trees, as `git diff --name-status` reports it.
package struct PathChange: Sendable, Equatable, CustomStringConvertible {
    /// How the path changed.
    package enum Kind: Sendable, Equatable {
        /// Only in the new tree.
        case added
        /// In both trees, with other content or mode.
        case modified
        /// Only in the old tree.
        case deleted
        /// Moved, perhaps with edits: `oldPath` is where it was.
        case renamed
        /// A file became a symbolic link or a submodule, or the other way round.
        case typeChanged

        /// git's status letter: `A`, `M`, `D`, `R`, `T`.
        package var letter: Character {
            switch self {
            case .added: return "A"
            case .modified: return "M"
            case .deleted: return "D"
            case .renamed: return "R"
            case .typeChanged: return "T"
            }
        }
    }

    /// How the path changed.
    package var kind: Kind
    /// The path in the new tree; for a deletion, the path that was deleted.
    package var path: String
    /// Where a renamed path was in the old tree; `nil` for other kinds.
    package var oldPath: String?
    /// Whether the path is a symbolic link in either tree (what paths
    /// through it lead to changed too). Not part of equality.
    package var involvesLink = false

    /// A change of `kind` at `path`, renamed from `oldPath`.
    package init(_ kind: Kind, _ path: String, from oldPath: String? = nil) {
        self.kind = kind
        self.path = path
        self.oldPath = oldPath
    }

    package static func == (a: PathChange, b: PathChange) -> Bool {
        a.kind == b.kind && a.path == b.path && a.oldPath == b.oldPath
    }

    /// `M<tab>path`, or `R<tab>old<tab>new`, as `git diff --name-status` prints it without rename scores.
    package var description: String {
        if let oldPath { return "\(kind.letter)\t\(oldPath)\t\(path)" }
        return "\(kind.letter)\t\(path)"
    }
}
