import Manifests

/// `.gitops.yaml`, the repository's own configuration: its environments, who
/// owns which paths, and the policies every environment checks. Read from the
/// revision being synced, never from the work tree.
package struct GitOpsFile: Sendable, Equatable {
    /// The file's name at the root of the repository.
    package static let fileName = ".gitops.yaml"

    /// The environments, in the order the file lists them.
    package var environments: [Environment]
    /// Path globs and the users who alone may change what they match.
    package var owners: [(pattern: String, users: [String])]
    /// Policy files or directories checked for every environment.
    package var policies: [String]
    /// The users whose `git push -o ops.skip=<reason>` lets a push through despite failed checks.
    package var skipAllowed: [String] = []
    /// Where the agent sends its events.
    package var notifications: [NotificationProvider] = []

    package init(environments: [Environment] = [], owners: [(pattern: String, users: [String])] = [], policies: [String] = []) {
        self.environments = environments
        self.owners = owners
        self.policies = policies
    }

    /// The environment named `name`, or `nil`.
    package func environment(_ name: String) -> Environment? {
        environments.first { $0.name == name }
    }

    package static func == (a: GitOpsFile, b: GitOpsFile) -> Bool {
        a.environments == b.environments && a.policies == b.policies && a.skipAllowed == b.skipAllowed && a.notifications == b.notifications
            && a.owners.map(\.pattern) == b.owners.map(\.pattern) && a.owners.map(\.users) == b.owners.map(\.users)
    }
}
