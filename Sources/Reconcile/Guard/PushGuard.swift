import Git
import Manifests
import Plan
import Render

/// The pre-receive and update hooks' verdict on a push: for each branch it
/// updates, the rules of `.gitops.yaml` (protected branches, `owners:`) and the
/// checks of every environment deployed from that branch, rendered at the
/// pushed commit from the git tree.
///
/// Only reads: the repository is opened inside git's quarantine, where a ref,
/// note or object written would either be refused or vanish with a rejected
/// push (see the `Git` module).
package struct PushGuard {
    /// Who pushes and what they asked for with `git push -o`.
    package struct Context: Sendable {
        /// The pusher, from the server's variables; `nil` when no variable names one.
        package var pusher: String?
        /// `-o ops.skip=<reason>`: the reason, when given.
        package var skipReason: String?
        /// `-o ops.diff`: print the rendered diff of each environment checked.
        package var diff = false

        package init(pusher: String? = nil, skipReason: String? = nil, diff: Bool = false) {
            self.pusher = pusher
            self.skipReason = skipReason
            self.diff = diff
        }

        /// The variables naming the pusher, in the order they are tried:
        /// git-ops' own, then GitLab's, GitHub Enterprise's and a web server's.
        package static let pusherVariables = ["GIT_OPS_USER", "GL_USERNAME", "GITHUB_USER_LOGIN", "REMOTE_USER"]

        /// The context a hook runs in, from its environment variables.
        package init(environment: [String: String]) {
            pusher = Self.pusherVariables.lazy.compactMap { environment[$0] }.first { !$0.isEmpty }
            let options = HookPushOptions(environment: environment)
            skipReason = options.value(of: "ops.skip")
            diff = options.contains("ops.diff")
        }
    }

    /// The verdict on every ref of the push.
    package struct Verdict: Sendable {
        /// Every rule a ref broke.
        package var findings: [Finding] = []
        /// The environments rendered and checked, each with its object count at the pushed commit.
        package var checked: [EnvironmentCheck.Result] = []
        /// Set when a user `skipAllowed:` names bypassed the failed checks: why.
        package var bypass: String?
        /// With `-o ops.diff`: each environment checked and the unified diff of
        /// its render before and after the push, Secret values masked.
        package var diffs: [(environment: String, diff: String)] = []

        /// Whether the push is refused.
        package var rejects: Bool { !findings.isEmpty && bypass == nil }
    }

    let repository: Repository
    /// Shared by every render of the push, so a base both revisions share is built once.
    let cache = RenderCache()
    /// Verdicts of earlier pushes, reused for the environments whose inputs a push does not change.
    let store: CheckStore?

    package init(repository: Repository, store: CheckStore? = nil) {
        self.repository = repository
        self.store = store
    }

    /// Checks every update of a push.
    package func check(_ updates: [RefUpdate], context: Context) -> Verdict {
        var verdict = Verdict()
        var skipRules: GitOpsFile?
        for update in updates {
            guard let branch = update.branch else { continue }
            let old = update.old.map { ConfigurationCheck.read(repository, at: $0).file } ?? nil
            skipRules = skipRules ?? old
            var findings = branchRules(update, branch: branch, old: old)
            if let new = update.new {
                findings += check(update, branch: branch, new: new, old: old, context: context, verdict: &verdict)
            }
            verdict.findings += findings.map { finding in
                var finding = finding
                finding.ref = update.ref
                return finding
            }
        }
        if !verdict.findings.isEmpty, let reason = context.skipReason {
            // The list is read from before the push, so a push cannot allow itself.
            let allowed = skipRules?.skipAllowed ?? []
            if let pusher = context.pusher, allowed.contains(pusher) {
                verdict.bypass = "\(pusher): \(reason)"
            } else {
                verdict.findings.append(Finding(.skip, "'-o ops.skip' is refused for \(context.pusher.map { "'\($0)'" } ?? "an unnamed pusher"): "
                    + "only the users of 'skipAllowed' in \(GitOpsFile.fileName) may bypass a failed check"))
            }
        }
        // What the next push is compared with, kept once this one is known to be accepted:
        // a refused push's objects are dropped, and a kept commit must stay readable.
        if !verdict.rejects, let store {
            for pending in verdict.checked.compactMap(\.pending) {
                store.keep(pending.units, of: pending.environment, policies: pending.policies)
            }
        }
        return verdict
    }

    /// Deleting or rewriting the branch of a protected environment (as the file said before the push).
    func branchRules(_ update: RefUpdate, branch: String, old: GitOpsFile?) -> [Finding] {
        let protected = (old?.environments ?? []).filter { $0.branch == branch && $0.protected }
        guard let first = protected.first, let oldCommit = update.old else { return [] }
        let names = protected.map { "'\($0.name)'" }.joined(separator: ", ")
        guard let new = update.new else {
            return [Finding(.protectedBranch, "deleting branch '\(branch)' is refused: protected environment \(names) deploys from it",
                            environment: first.name)]
        }
        let base = try? repository.mergeBase(oldCommit, new)
        guard base != oldCommit else { return [] }
        return [Finding(.protectedBranch, "rewriting branch '\(branch)' (\(oldCommit.short) is not an ancestor of \(new.short)) is refused: "
                        + "protected environment \(names) deploys from it; push a commit on top instead", environment: first.name)]
    }

    /// The configuration, the owners and the environments of `branch` at the pushed commit.
    func check(_ update: RefUpdate, branch: String, new: ObjectID, old: GitOpsFile?, context: Context,
               verdict: inout Verdict) -> [Finding] {
        let (file, finding) = ConfigurationCheck.read(repository, at: new)
        let changes: [PathChange]
        do {
            changes = try repository.changedPaths(from: update.old, to: new)
        } catch {
            return [Finding(.input, "cannot compare \(update.old?.short ?? "the empty tree") with \(new.short): \(error)")]
        }
        let deploys = [old, file].contains { $0?.environments.contains { $0.branch == branch } ?? false }
        var findings: [Finding] = []
        if let finding {
            // A broken file matters where it is changed or where it decides deployments.
            if deploys || changes.contains(where: { $0.path == GitOpsFile.fileName }) { findings.append(finding) }
            return findings
        }
        guard deploys else { return [] }
        // Who may change what is read from before the push, so a push cannot grant itself a path.
        findings += OwnerRules((old ?? file)?.owners ?? []).check(changes, pusher: context.pusher)
        guard let file, !changes.isEmpty else { return findings }
        let tree: GitTree
        do {
            tree = try repository.tree(at: new)
        } catch {
            return findings + [Finding(.input, "cannot read the tree of \(new.short): \(error)")]
        }
        // Files .sops.yaml says are encrypted, among those the push adds or changes.
        findings += SOPSRuleCheck(tree: tree).check(changes.filter { $0.kind != .deleted }.map(\.path))
        let checker = EnvironmentCheck(tree: tree, cache: cache, store: store, repository: repository, commit: new)
        for environment in file.environments where environment.branch == branch {
            let result = checker.run(environment, policies: file.policyPaths(of: environment), needsObjects: context.diff)
            findings += result.findings
            verdict.checked.append(result)
            if context.diff, result.objectCount != nil {
                verdict.diffs.append((environment.name, RenderedDiff(repository: repository, cache: cache)
                    .diff(result.objects, before: update.old, environment: old?.environment(environment.name))))
            }
        }
        return findings
    }
}
