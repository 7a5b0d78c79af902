import Manifests
import Plan
import Reconcile
import State

/// How sync words what it did, for people and for scripts.
enum SyncReport {
    /// The changes that touched the cluster, a line each, then the summary line
    /// (`dev: applied 3, pruned 1, unchanged 240, healthy in 4.2s`).
    static func text(_ outcome: SyncOutcome, dryRun: Bool) -> String {
        var lines: [String] = []
        for change in outcome.changes.entries where change.action.changesCluster || isSkip(change.action) {
            lines.append("\(change.key) \(change.action)\(dryRun ? " (dry run)" : "")")
        }
        let counts = outcome.counts
        var summary = "\(outcome.environment): \(dryRun ? "would apply" : "applied") \(counts.applied), "
            + "\(dryRun ? "would prune" : "pruned") \(counts.pruned), unchanged \(counts.unchanged)"
        if dryRun {
            summary += " (dry run of \(outcome.sourceCommit.short))"
        } else {
            let seconds = String(format: "%.1fs", outcome.seconds)
            switch outcome.result {
            case .succeeded where !outcome.waited: summary += ", done in \(seconds) without waiting for health"
            case .succeeded: summary += ", healthy in \(seconds)"
            case .rolledBack: summary += ", unhealthy after \(seconds), rolled back"
            default: summary += ", \(outcome.result.rawValue) after \(seconds)"
            }
            summary += " (\(outcome.sourceCommit.short)\(outcome.deployment.map { ", deployment \($0.commit.short)" } ?? ""))"
        }
        lines.append(summary)
        for warning in outcome.policyWarnings { lines.append("  policy warning: \(warning)") }
        for (key, health) in outcome.unhealthy { lines.append("  \(key): \(health)") }
        for rollback in outcome.rollback { lines.append(text(rollback, dryRun: false)) }
        return lines.joined(separator: "\n")
    }

    static func isSkip(_ action: Action) -> Bool {
        if case .skip = action { return true }
        return false
    }

    /// The outcome as one JSON object; with `push`, how pushing its records went
    /// (`pushed`, the `remote`, and `pushError` when they were not pushed).
    static func json(_ outcome: SyncOutcome, dryRun: Bool, push: RecordPublisher.Result? = nil) -> Node {
        var object = Mapping()
        object["environment"] = .string(outcome.environment)
        object["sourceCommit"] = .string(outcome.sourceCommit.hex)
        object["dryRun"] = .bool(dryRun)
        if !dryRun { object["result"] = .string(outcome.result.rawValue) }
        if !dryRun && !outcome.waited { object["waitedForHealth"] = .bool(false) }
        if let deployment = outcome.deployment { object["deployment"] = .string(deployment.commit.hex) }
        object["applied"] = .int(outcome.counts.applied)
        object["pruned"] = .int(outcome.counts.pruned)
        object["unchanged"] = .int(outcome.counts.unchanged)
        object["seconds"] = .scalar(Scalar(String(format: "%.3f", outcome.seconds), tag: .float))
        if !outcome.policyWarnings.isEmpty { object["policyWarnings"] = .sequence(outcome.policyWarnings.map(Node.string)) }
        object["changes"] = .sequence(outcome.changes.entries.map { change in
            var entry = Mapping()
            entry["object"] = .string(change.key.description)
            entry["action"] = .string(change.action.word)
            if case .skip(let reason) = change.action { entry["reason"] = .string(reason) }
            return .mapping(entry)
        })
        object["unhealthy"] = .sequence(outcome.unhealthy.map { item in
            .mapping(Mapping(["object": .string(item.key.description), "status": .string(item.health.status.rawValue),
                              "message": .string(item.health.message)]))
        })
        if !outcome.rollback.isEmpty { object["rollback"] = .sequence(outcome.rollback.map { json($0, dryRun: false) }) }
        if let push {
            object["pushed"] = .bool(push.pushed)
            if let remote = push.remote { object["remote"] = .string(remote) }
            if let error = push.error { object["pushError"] = .string(error.message) }
        }
        return .mapping(object)
    }
}
