/// The references of one environment, from its checked name: its deployment
/// history, its lease and its pin (`refs/ops/deploy/prod`, `refs/ops/lock/prod`,
/// `refs/ops/pin/prod`).
package struct EnvironmentRefs: Sendable, Hashable, CustomStringConvertible {
    /// The environment's name, as `.gitops.yaml` spells it.
    package let name: String

    /// The references of environment `name`; refuses a name that cannot be one component of a reference.
    ///
    /// Letters, digits, `.`, `_` and `-`, starting with a letter or digit, at
    /// most 100 characters, with no `..` and no `.lock` at the end: stricter
    /// than git, so a name reads the same in a ref, a trailer and a shell.
    package init(_ name: String) throws {
        let allowed = name.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "-"):
                return true
            default:
                return false
            }
        }
        let first = name.utf8.first.map { $0 != UInt8(ascii: ".") && $0 != UInt8(ascii: "_") && $0 != UInt8(ascii: "-") }
        guard allowed, first == true, name.utf8.count <= 100, !name.contains(".."), !name.hasSuffix(".lock") else {
            throw StateError(.invalidName, "invalid environment name '\(name)': use letters, digits, '.', '_' and '-', starting with a letter or digit")
        }
        self.name = name
    }

    /// `refs/ops/deploy/<env>`: one commit per sync attempt, first parent the previous one.
    package var deploy: String { "\(StateLayout.deployFolder)/\(name)" }
    /// `refs/ops/lock/<env>`: the lease a sync holds while it runs.
    package var lock: String { "\(StateLayout.lockFolder)/\(name)" }
    /// `refs/ops/pin/<env>`: the rollback that pinned the environment, while it is pinned.
    package var pin: String { "\(StateLayout.pinFolder)/\(name)" }

    /// The name.
    package var description: String { name }
}
