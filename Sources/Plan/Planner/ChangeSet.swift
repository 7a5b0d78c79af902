/// The plan of a sync: what happens to every object, in the order it
/// happens. Diff, status, dry-run and sync all print it; sync carries it out.
///
/// Rendered objects come first, in apply order (stage by stage), then the
/// objects that are only live, in prune order.
package struct ChangeSet: Sendable, Equatable, CustomStringConvertible {
    /// Every object's entry, in the order the sync handles them.
    package var entries: [Change]

    /// A change set of these entries, kept in their order.
    package init(entries: [Change] = []) {
        self.entries = entries
    }

    /// The rendered objects' entries grouped by apply stage, in stage order;
    /// the caller waits for health after a stage whose `isWaitedFor` is true.
    package var stages: [(stage: ApplyOrder.Stage, changes: [Change])] {
        let grouped = Dictionary(grouping: entries.filter { $0.stage != nil }) { $0.stage ?? .resources }
        return ApplyOrder.Stage.allCases.compactMap { stage in grouped[stage].map { (stage, $0) } }
    }

    /// The objects to delete, in prune order.
    package var prunes: [Change] { entries.filter { $0.action == .prune } }

    /// True when carrying the plan out writes to the cluster.
    package var changesCluster: Bool { entries.contains { $0.action.changesCluster } }

    /// How many entries have an action with this `Action.word`.
    package func count(_ word: String) -> Int {
        entries.count { $0.action.word == word }
    }

    /// `1 created, 2 configured, 3 unchanged, 0 pruned, 1 skipped`: the counts
    /// in the order of the vocabulary, for a summary line or a trailer.
    package var summary: String {
        ["created", "configured", "unchanged", "pruned", "skipped"]
            .map { "\(count($0)) \($0)" }
            .joined(separator: ", ")
    }

    /// One entry a line, as Flux prints a change set.
    package var description: String {
        entries.map(\.description).joined(separator: "\n")
    }
}
