#if canImport(Glibc)
import Glibc
#endif

/// The environment variables git reads to find and set up a repository, from a dictionary.
///
/// git and hooks pass these through the process environment. Taking them as a
/// dictionary instead lets a caller (or a test running beside others) open a
/// repository as a hook would without touching the process's environment.
struct RepositoryEnvironment {
    /// Every variable this module reads.
    static let names = [
        "GIT_DIR", "GIT_WORK_TREE", "GIT_COMMON_DIR", "GIT_CEILING_DIRECTORIES",
        "GIT_DISCOVERY_ACROSS_FILESYSTEM", "GIT_OBJECT_DIRECTORY",
        "GIT_ALTERNATE_OBJECT_DIRECTORIES", "GIT_NAMESPACE", "GIT_QUARANTINE_PATH",
        "GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL",
    ]

    /// The variables, by name.
    let variables: [String: String]

    init(_ variables: [String: String]) {
        self.variables = variables
    }

    /// The variables of `names` that the process environment sets.
    static func process() -> [String: String] {
        var variables: [String: String] = [:]
        for name in names {
            if let value = getenv(name) { variables[name] = String(cString: value) }
        }
        return variables
    }

    /// `GIT_DIR`: the repository's git directory; discovery is skipped when set.
    var gitDirectory: String? { value("GIT_DIR") }

    /// `GIT_WORK_TREE`: the root of the work tree, overriding `core.worktree` and discovery.
    var workTree: String? { value("GIT_WORK_TREE") }

    /// `GIT_COMMON_DIR`, which libgit2 1.5 cannot honour.
    var commonDirectory: String? { value("GIT_COMMON_DIR") }

    /// `GIT_CEILING_DIRECTORIES`: a `:`-separated list of directories discovery does not climb above.
    var ceilingDirectories: String? { value("GIT_CEILING_DIRECTORIES") }

    /// `GIT_DISCOVERY_ACROSS_FILESYSTEM`, read as a git boolean.
    var discoveryAcrossFilesystem: Bool {
        guard let text = value("GIT_DISCOVERY_ACROSS_FILESYSTEM")?.lowercased() else { return false }
        if ["true", "yes", "on"].contains(text) { return true }
        return Int(text).map { $0 != 0 } ?? false
    }

    /// `GIT_OBJECT_DIRECTORY`: where git reads and writes objects instead of `<git dir>/objects`.
    var objectDirectory: String? { value("GIT_OBJECT_DIRECTORY") }

    /// `GIT_ALTERNATE_OBJECT_DIRECTORIES`: more object directories to read from, `:`-separated.
    var alternateObjectDirectories: [String] {
        (value("GIT_ALTERNATE_OBJECT_DIRECTORIES") ?? "")
            .split(separator: ":", omittingEmptySubsequences: true).map(String.init)
    }

    /// `GIT_NAMESPACE`: the ref namespace git confines reference operations to.
    var namespace: String? { value("GIT_NAMESPACE") }

    /// `GIT_QUARANTINE_PATH`: set by git while pre-receive runs on objects not yet accepted.
    var quarantinePath: String? { value("GIT_QUARANTINE_PATH") }

    /// The value of a variable, `nil` when unset or empty (as git treats most of these).
    func value(_ name: String) -> String? {
        guard let value = variables[name], !value.isEmpty else { return nil }
        return value
    }
}
