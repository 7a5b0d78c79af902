/// One environment of `.gitops.yaml`: what to render, where to sync it and how.
package struct Environment: Sendable, Equatable {
    /// The environment's name, a key of `environments:` (also a ref name component).
    package var name: String
    /// The directory to render, a path of the repository's tree.
    package var path: String
    /// The kubeconfig context to sync to (default: `git-ops-local`, the local cluster).
    package var cluster: String
    /// The branch whose commits may be synced here (default: `main`).
    package var branch: String
    /// Whether objects this environment applied and no longer renders are deleted (default: true).
    package var prune: Bool
    /// Whether the agent re-applies what drifted (default: false).
    package var selfHeal: Bool
    /// How often the agent fetches and checks drift (default: 5m), in nanoseconds.
    package var interval: Int64
    /// How long a sync waits for health before it calls the result unhealthy (default: 5m), in nanoseconds.
    package var timeout: Int64
    /// No plaintext Secrets, no branch deletion or rewrite (default: false).
    package var protected: Bool
    /// An unhealthy sync re-applies the last healthy deployment (default: false).
    package var autoRollback: Bool
    /// A push accepted to the branch starts a sync in the background (the post-receive hook; default: false).
    package var autoSync: Bool
    /// Policy files or directories checked before a sync, besides the global ones.
    package var policies: [String]

    /// The values an environment has when `.gitops.yaml` leaves them out.
    package static let defaults = (cluster: "git-ops-local", branch: "main", prune: true, selfHeal: false,
                                   interval: Int64(300_000_000_000), timeout: Int64(300_000_000_000))

    package init(name: String, path: String) {
        self.name = name
        self.path = path
        cluster = Self.defaults.cluster
        branch = Self.defaults.branch
        prune = Self.defaults.prune
        selfHeal = Self.defaults.selfHeal
        interval = Self.defaults.interval
        timeout = Self.defaults.timeout
        protected = false
        autoRollback = false
        autoSync = false
        policies = []
    }
}
