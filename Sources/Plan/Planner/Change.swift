import Manifests

/// One entry of a `ChangeSet`: an object, the action decided for it, and
/// what the caller needs to carry it out and to report it.
package struct Change: Sendable, Equatable, CustomStringConvertible {
    /// The object the entry is about.
    package var key: ObjectKey
    /// What happens to it.
    package var action: Action
    /// The apply stage of a rendered object; `nil` for objects that are
    /// only live (prunes and the objects left in their place).
    package var stage: ApplyOrder.Stage?
    /// The object to apply, with its ApplySet label; `nil` when not rendered.
    package var desired: Node?
    /// The object in the cluster; `nil` when there is none. A prune
    /// deletes with its `metadata.uid` as a precondition, so an object made
    /// again since it was observed is not the one deleted.
    package var live: Node?
    /// The change as text, for creations, updates and prunes; `nil` otherwise.
    package var diff: ObjectDiff?

    /// An entry from its parts.
    package init(key: ObjectKey, action: Action, stage: ApplyOrder.Stage? = nil,
                 desired: Node? = nil, live: Node? = nil, diff: ObjectDiff? = nil) {
        self.key = key
        self.action = action
        self.stage = stage
        self.desired = desired
        self.live = live
        self.diff = diff
    }

    /// `Kind/namespace/name created`, as Flux prints a change set entry.
    package var description: String { "\(key) \(action)" }
}
