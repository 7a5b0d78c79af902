import Manifests

/// Decides what a sync does to every object, from values only: the pure
/// step between observing the cluster and acting on it (gitops-engine's
/// `pkg/sync/reconcile.go` pairs desired and live the same way).
///
/// Its rules for deleting are the ones that must not go wrong. An object is
/// pruned only when all of these hold: it is not rendered any more, it was
/// in the inventory of the last deployment, it is live, and its live labels
/// put it in this environment's ApplySet. So an object a person made, an
/// object of another environment, and an object this environment's label
/// was copied onto are never deleted; and an empty render is refused unless
/// the caller allows it, since it would prune everything.
package struct Planner: Sendable {
    /// Choices the caller makes from flags and configuration.
    package struct Options: Sendable {
        /// Delete what the last deployment had and this render has not.
        package var prune: Bool
        /// Accept a render without objects (`--allow-empty`).
        package var allowEmpty: Bool
        /// Take over live objects that carry no ApplySet label (made by a
        /// person or another tool) when the render declares them; without
        /// it they are skipped, so nothing git-ops did not make is touched.
        package var adopt: Bool
        /// The apply and prune order.
        package var order: ApplyOrder

        /// Options as given; by default prune, refuse an empty render and adopt nothing.
        package init(prune: Bool = true, allowEmpty: Bool = false, adopt: Bool = false, order: ApplyOrder = ApplyOrder()) {
            self.prune = prune
            self.allowEmpty = allowEmpty
            self.adopt = adopt
            self.order = order
        }
    }

    /// The environment's ApplySet; every rendered object must carry its label.
    package var applySet: ApplySet
    /// The caller's choices.
    package var options: Options

    /// A planner for the environment of `applySet`.
    package init(applySet: ApplySet, options: Options = Options()) {
        self.applySet = applySet
        self.options = options
    }

    /// The change set of a sync.
    /// - Parameters:
    ///   - desired: the rendered objects, with their namespaces defaulted
    ///     and stamped with `ApplySet.stamp`.
    ///   - live: the cluster's objects by key: at least those of the desired
    ///     set and of the inventory that exist; objects found by the ApplySet
    ///     label may be added, and are reported when they are in no inventory.
    ///   - dryRun: server-side apply dry-run results of desired objects, by key.
    ///   - inventory: the keys of the last deployment's objects.
    package func plan(desired: [Node], live: [ObjectKey: Node], dryRun: [ObjectKey: Node],
                      inventory: Set<ObjectKey>) throws -> ChangeSet {
        if desired.isEmpty, !options.allowEmpty {
            throw PlanError(.emptyRender, "refusing to sync an empty render: every object of the last deployment "
                + "would be pruned; pass --allow-empty if that is meant")
        }
        let rendered = try keyed(desired)
        var entries: [Change] = []
        for key in options.order.applyOrder(Array(rendered.keys)) {
            guard let object = rendered[key] else { continue }
            entries.append(try applyChange(key, desired: object, live: live[key], dryRun: dryRun[key]))
        }
        let candidates = inventory.union(live.keys).subtracting(rendered.keys)
        for key in options.order.pruneOrder(Array(candidates)) {
            guard let object = live[key] else { continue }
            if let change = try pruneChange(key, live: object, inInventory: inventory.contains(key)) {
                entries.append(change)
            }
        }
        return ChangeSet(entries: entries)
    }

    /// The rendered objects by key; two with one key, or one without this
    /// set's label, is a caller's error.
    func keyed(_ desired: [Node]) throws -> [ObjectKey: Node] {
        var rendered: [ObjectKey: Node] = [:]
        for object in desired {
            let key = ObjectKey(of: object)
            guard rendered[key] == nil else {
                throw PlanError(.duplicateObject, "cannot plan \(key): the render has it twice")
            }
            guard applySet.ownership(of: object) == .member else {
                throw PlanError(.notStamped, "cannot plan \(key): it lacks label "
                    + "'\(ApplySet.partOfLabel)=\(applySet.id)'; stamp rendered objects with the ApplySet first")
            }
            rendered[key] = object
        }
        return rendered
    }

    /// Create, configure, leave unchanged, or skip one rendered object.
    func applyChange(_ key: ObjectKey, desired: Node, live: Node?, dryRun: Node?) throws -> Change {
        let stage = options.order.stage(of: key)
        func change(_ action: Action, diff: ObjectDiff? = nil) -> Change {
            Change(key: key, action: action, stage: stage, desired: desired, live: live, diff: diff)
        }
        guard let live else {
            return change(.create, diff: try ObjectDiff(key: key, live: nil, predicted: dryRun ?? desired))
        }
        switch applySet.ownership(of: live) {
        case .otherSet(let other):
            return change(.skip(reason: "it belongs to ApplySet '\(other)' of another environment or tool"))
        case .unowned where !options.adopt:
            return change(.skip(reason: "it exists without an ApplySet label, so git-ops did not make it"))
        case .member, .unowned:
            break
        }
        guard let dryRun else { return change(.skip(reason: "no server-side dry-run result to compare with")) }
        // The caller's word that nothing would change (the object as live holds it).
        if dryRun == live { return change(.unchanged) }
        let diff = try ObjectDiff(key: key, live: live, predicted: dryRun)
        return diff.hasChanges ? change(.configure, diff: diff) : change(.unchanged)
    }

    /// Prune, or skip with the reason, one live object that is not rendered;
    /// `nil` for an object that is neither inventoried nor labelled, which is
    /// none of this environment's business.
    func pruneChange(_ key: ObjectKey, live: Node, inInventory: Bool) throws -> Change? {
        let member = applySet.ownership(of: live) == .member
        func change(_ action: Action, diff: ObjectDiff? = nil) -> Change {
            Change(key: key, action: action, live: live, diff: diff)
        }
        switch (inInventory, member) {
        case (true, true):
            guard options.prune else { return change(.skip(reason: "pruning is off")) }
            return change(.prune, diff: try ObjectDiff(key: key, live: live, predicted: nil))
        case (true, false):
            return change(.skip(reason: "it was deployed but no longer carries label "
                + "'\(ApplySet.partOfLabel)=\(applySet.id)', so it is left in place"))
        case (false, true):
            return change(.skip(reason: "it carries this environment's ApplySet label but was not in the last "
                + "deployment, so it is left in place"))
        case (false, false):
            return nil
        }
    }
}
