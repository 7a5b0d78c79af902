import Foundation
import Git
import Kube
import State

/// What a caller asks of a sync, diff or status beyond the environment's own settings.
package struct SyncOptions: Sendable {
    /// The revision to deploy; `nil` for the tip of the environment's branch.
    package var revision: String?
    /// Plan and report only: nothing is applied, pruned or recorded.
    package var dryRun = false
    /// Override the environment's `prune` (`--prune`, `--no-prune`).
    package var prune: Bool?
    /// Accept a render with no objects, pruning everything deployed before.
    package var allowEmpty = false
    /// Take over live objects without an ApplySet label that the render declares.
    package var adopt = false
    /// Override the environment's health timeout, in nanoseconds.
    package var timeout: Int64?
    /// The kubeconfig file; `nil` for `KUBECONFIG` or `~/.kube/config`.
    package var kubeconfig: String?
    /// Override the environment's kubeconfig context.
    package var context: String?
    /// Why the sync runs.
    package var trigger: SyncTrigger = .explicit
    /// Who runs it, for the record (`Synced-By`): the git identity by default.
    package var syncedBy: String?
    /// The process environment, for the kubeconfig search and the exec credential plugins.
    package var environment: [String: String] = ProcessInfo.processInfo.environment
    /// Wait for the applied objects to be healthy (`--no-wait` turns it off, as
    /// Flux's `wait: false`: the sync ends once everything is applied and pruned).
    package var wait = true
    /// Apply despite failing Enforce policies, for this reason (`--skip-policy`), recorded in the deployment.
    package var skipPolicy: String?
    /// Told where the sync is as it runs; `nil` for no progress.
    package var progress: SyncProgressHandler?
    /// Clients to reuse across syncs and checks (the agent's), which then
    /// stay open; `nil`: each call makes its client and shuts it down.
    package var clients: KubeClientCache?

    package init(revision: String? = nil) {
        self.revision = revision
    }
}
