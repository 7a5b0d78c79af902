import Git

/// `owners:` of `.gitops.yaml`: each path a push changes may be changed only by
/// the users of the last pattern that matches it (the last one wins, as in
/// CODEOWNERS files); a path no pattern matches is anyone's.
package struct OwnerRules: Sendable {
    let rules: [(glob: PathGlob, users: [String])]

    package init(_ owners: [(pattern: String, users: [String])]) {
        rules = owners.map { (PathGlob($0.pattern), $0.users) }
    }

    /// The users who alone may change `path`, or `nil` when it is anyone's.
    package func owners(of path: String) -> (pattern: String, users: [String])? {
        rules.last { $0.glob.matches(path) }.map { ($0.glob.pattern, $0.users) }
    }

    /// A finding for each changed path (both sides of a rename) that `pusher` does not own.
    package func check(_ changes: [PathChange], pusher: String?) -> [Finding] {
        guard !rules.isEmpty else { return [] }
        var findings: [Finding] = []
        for path in changes.flatMap({ [$0.oldPath, $0.path].compactMap { $0 } }) {
            guard let (pattern, users) = owners(of: path), !(pusher.map(users.contains) ?? false) else { continue }
            let who = pusher.map { "'\($0)' may not change it" }
                ?? "the pusher is unknown (set GIT_OPS_USER, GL_USERNAME, GITHUB_USER_LOGIN or REMOTE_USER on the server)"
            findings.append(Finding(.owners, "owned by \(users.joined(separator: ", ")) ('\(pattern)' in \(GitOpsFile.fileName)); \(who)",
                                    file: path))
        }
        return findings
    }
}
