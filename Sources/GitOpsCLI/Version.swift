import Reconcile

/// The version of git-ops, as the reconciler writes it in ApplySet parents.
enum Version {
    static let current = ToolVersion.current
}
