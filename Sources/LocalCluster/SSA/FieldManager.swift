import Manifests

/// Computes the new `managedFields` of a write: ownership moves on Update, conflicts and removal on Apply.
///
/// The algorithms follow structured-merge-diff's `merge/update.go`, at leaf
/// granularity (kube-api.md §7.3).
struct FieldManager {
    let schema: FieldSchema
    let scope: FieldScope
    let now: String

    private var walker: FieldWalker { FieldWalker(schema: schema, scope: scope) }
    private var subresource: String { scope == .status ? "status" : "" }

    /// Managed fields after an Update (create, update, non-apply patch) by `manager`.
    func update(live: Node?, new: Node, manager: String, apiVersion: String) -> [ManagedFieldsEntry] {
        var entries = ManagedFieldsEntry.entries(of: live)
        let comparison = FieldComparison(old: live.map { walker.leaves(of: $0) } ?? [:], new: walker.leaves(of: new))
        let me = ManagedFieldsEntry(manager: manager, operation: "Update", apiVersion: apiVersion, time: now,
                                    subresource: subresource, fields: FieldSet())
        let changed = comparison.changed.union(comparison.removed)
        var mine = FieldSet()
        var position: Int?
        for index in entries.indices {
            if entries[index].identity == me.identity {
                mine = entries[index].fields
                position = index
            } else {
                entries[index].fields = entries[index].fields.subtracting(changed)
            }
        }
        if comparison.isEmpty, position != nil {
            return entries.filter { !$0.fields.isEmpty }
        }
        mine = mine.subtracting(comparison.removed).union(comparison.changed)
        var updated = me
        updated.fields = mine
        if let position {
            updated.time = comparison.isEmpty ? entries[position].time : now
            entries[position] = updated
        } else {
            entries.append(updated)
        }
        return entries.filter { !$0.fields.isEmpty }
    }

    /// An Apply, moving an object from kubectl's client-side apply to server-side apply as the
    /// apiserver does (`LastAppliedAnnotation`): kubectl's apply overrides the conflicts its
    /// last-applied annotation accounts for, and rewrites that annotation with `body`, the
    /// configuration as the request carried it.
    func applyUpgradingLastApplied(live: Node?, config: Node, body: Node, manager: String, apiVersion: String, force: Bool,
                                   defaulting: (Node) -> Node) throws -> (object: Node, managedFields: [ManagedFieldsEntry]) {
        var result: (object: Node, managedFields: [ManagedFieldsEntry])
        do {
            result = try apply(live: live, config: config, manager: manager, apiVersion: apiVersion, force: force,
                               defaulting: defaulting)
        } catch let conflict as ApplyConflict {
            guard manager == LastAppliedAnnotation.upgradingManager, let live,
                  let allowed = LastAppliedAnnotation.allowedConflicts(live: live, apiVersion: apiVersion, walker: walker)
            else { throw conflict }
            let remaining = conflict.removing(allowed)
            if !remaining.conflicts.isEmpty { throw remaining }
            result = try apply(live: live, config: config, manager: manager, apiVersion: apiVersion, force: true,
                               defaulting: defaulting)
        }
        result.object = LastAppliedAnnotation.updated(result.object, applied: body, manager: manager)
        return result
    }

    /// The outcome of an Apply: the object to store (before defaulting) and a function that
    /// computes its managed fields once defaulting has run.
    func apply(live: Node?, config: Node, manager: String, apiVersion: String, force: Bool,
               defaulting: (Node) -> Node) throws -> (object: Node, managedFields: [ManagedFieldsEntry]) {
        var entries = ManagedFieldsEntry.entries(of: live)
        let identity = ManagedFieldsEntry.Identity(manager: manager, operation: "Apply", subresource: subresource, apiVersion: "")
        let applied = walker.fieldSet(of: config)
        guard let live else {
            // A create: nobody else owns anything, so nothing can conflict or be removed.
            let entry = ManagedFieldsEntry(manager: manager, operation: "Apply", apiVersion: apiVersion, time: now,
                                           subresource: subresource, fields: applied)
            return (defaulting(config.withoutNulls), applied.isEmpty ? [] : [entry])
        }
        let previous = entries.first { $0.identity == identity }?.fields ?? FieldSet()
        let merger = ApplyMerge(schema: schema)
        var merged = merger.merge(live: live, config: config)

        // Fields this manager applied before and no longer applies are removed,
        // unless another manager still owns them (or something below them).
        let others = entries.filter { $0.identity != identity }.reduce(FieldSet()) { $0.union($1.fields) }
        let dropped = previous.subtracting(applied).paths.filter { !others.containsPrefix($0) }
        if !dropped.isEmpty { merged = ApplyMerge.removing(dropped, from: merged) }
        merged = defaulting(merged)

        let comparison = FieldComparison(old: walker.leaves(of: live), new: walker.leaves(of: merged))
        let contested = comparison.changed.intersection(applied)
        var conflicts: [(manager: String, paths: [FieldPath])] = []
        for entry in entries where entry.identity != identity {
            let taken = entry.fields.intersection(contested)
            if !taken.isEmpty { conflicts.append((entry.conflictName, taken.paths)) }
        }
        if !conflicts.isEmpty && !force {
            throw ApplyConflict(conflicts: conflicts.sorted { $0.manager < $1.manager })
        }
        var position: Int?
        for index in entries.indices {
            if entries[index].identity == identity {
                position = index
                continue
            }
            var fields = entries[index].fields.subtracting(comparison.removed)
            if force { fields = fields.subtracting(contested) }
            entries[index].fields = fields
        }
        let unchanged = comparison.isEmpty && previous == applied
        let entry = ManagedFieldsEntry(manager: manager, operation: "Apply", apiVersion: apiVersion,
                                       time: unchanged ? (position.map { entries[$0].time } ?? now) : now,
                                       subresource: subresource, fields: applied)
        if let position { entries[position] = entry } else { entries.append(entry) }
        return (merged, entries.filter { !$0.fields.isEmpty })
    }
}
