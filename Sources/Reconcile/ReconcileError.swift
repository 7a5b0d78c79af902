/// Why a sync, diff or status could not run, or its records could not be pushed: a code for callers that react
/// to some, and one sentence worded as git words errors (what failed, the
/// subject quoted, the reason, the remedy).
package struct ReconcileError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of failure this is.
    package enum Code: Sendable, Equatable {
        /// The repository, revision, branch or `.gitops.yaml` does not allow it.
        case source
        /// The environment is not named in `.gitops.yaml`.
        case unknownEnvironment
        /// The render failed.
        case render
        /// The kubeconfig, the connection or the cluster refused.
        case cluster
        /// The plan refused (an empty render, an object twice).
        case plan
        /// An Enforce policy failed, or the policies could not be read: nothing was applied.
        case policy
        /// Applying or pruning failed part of the way.
        case apply
        /// The deployment records could not be read or written.
        case state
        /// The records could not be pushed: no remote to push to, or git failed (network, credentials).
        case publish
        /// The remote refused the records: another clone pushed deployments of the
        /// environment first, a hook declined, or a pin changed there meanwhile.
        case pushRejected
    }

    /// What kind of failure this is.
    package var code: Code
    /// The sentence shown to users.
    package var message: String

    package init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    package var description: String { message }
}
