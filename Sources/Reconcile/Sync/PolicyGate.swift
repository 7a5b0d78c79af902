import Git
import Policy

/// What the environment's policies said before a sync applied anything: the
/// failures that let it through (Audit, or Enforce with `--skip-policy`),
/// and the reason given for skipping.
struct PolicyGate: Sendable {
    /// `policy/rule Kind/namespace/name`, one per failure that did not stop the sync.
    var warnings: [String] = []
    /// The `--skip-policy` reason, when Enforce failures were let through.
    var skipped: String?
}

extension Reconciler {
    /// Checks the rendered objects of `source` against the policies its
    /// `.gitops.yaml` names for the environment; throws, before anything is
    /// applied, when an Enforce rule fails or a policy cannot be read, unless
    /// `skip` gives a reason.
    func policyVerdict(_ source: PreparedSource, skip: String?) throws -> PolicyGate {
        let paths = source.configuration.policyPaths(of: source.environment)
        guard !paths.isEmpty else { return PolicyGate() }
        let name = source.environment.name
        let tree: GitTree
        do {
            tree = try repository.tree(at: source.commit)
        } catch let error as GitError {
            throw ReconcileError(.source, "cannot read the tree of \(source.commit.short): \(error.message)")
        }
        let loaded = PolicyCheck(tree: tree).load(paths)
        var gate = PolicyGate(skipped: skip)
        var blocking: [String] = loaded.findings.map(\.description)
        for result in PolicyEngine(policies: loaded.policies).evaluate(source.objects) where result.status == .fail || result.status == .error {
            let object = PolicyCheck.shown(source.objects[result.object])
            if result.blocks {
                blocking.append("\(object): policy '\(result.policy)' rule '\(result.rule)': \(result.message)")
            }
            gate.warnings.append("\(result.policy)/\(result.rule) \(object)" + (result.blocks ? " (Enforce, skipped)" : ""))
        }
        if !blocking.isEmpty, skip == nil {
            let count = blocking.count
            throw ReconcileError(.policy, "sync of '\(name)' refused before anything was applied: \(count) polic\(count == 1 ? "y" : "ies") failed at \(source.commit.short):\n"
                + blocking.map { "  \($0)" }.joined(separator: "\n")
                + "\nfix the objects or the policy, or run 'git ops sync \(name) --skip-policy <reason>' to apply anyway (the reason is recorded)")
        }
        if blocking.isEmpty { gate.skipped = nil }
        return gate
    }
}
