import ArgumentParser
import Foundation
import Git

/// `git ops hooks install`: puts the hook shims into a repository.
struct HooksCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hooks",
        abstract: "Install the server-side hooks into a repository.",
        subcommands: [Install.self]
    )

    struct Install: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "install",
            abstract: "Install (or remove) the pre-receive, update and post-receive hooks.",
            discussion: """
                Writes the hook shims into the repository's hooks directory (core.hooksPath when \
                set) and sets receive.advertisePushOptions, so 'git push -o' reaches them. A hook \
                git-ops did not write is left alone unless --force is given, as git-lfs does; \
                --uninstall removes only git-ops' own hooks.
                """
        )

        @Argument(help: "The repository, bare or not (default: the current one).")
        var repository: String?

        @Flag(name: .long, help: "Replace hooks git-ops did not write.")
        var force = false

        @Flag(name: .long, help: "Remove git-ops' hooks instead.")
        var uninstall = false

        func run() throws {
            let opened: Repository
            do {
                opened = try repository.map { try Repository(at: $0) } ?? Repository()
            } catch let error as GitError {
                throw CLIError(.fatal, error.message)
            }
            let directory = Self.hooksDirectory(opened)
            let files = FileManager.default
            var refused: [String] = []
            for name in HookShim.names {
                let path = directory + "/" + name
                let existing = files.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
                let ours = existing?.contains(HookShim.marker) ?? false
                if uninstall {
                    if ours { try files.removeItem(atPath: path) }
                    continue
                }
                if existing != nil, !ours, !force {
                    refused.append(path)
                    continue
                }
                do {
                    try files.createDirectory(atPath: directory, withIntermediateDirectories: true)
                    try? files.removeItem(atPath: path)
                    try Data(HookShim.script(name).utf8).write(to: URL(fileURLWithPath: path))
                    try files.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
                } catch {
                    throw CLIError(.fatal, "cannot write '\(path)': \(error.localizedDescription)")
                }
            }
            if !uninstall {
                do {
                    try opened.setConfig("receive.advertisePushOptions", to: "true")
                } catch let error as GitError {
                    throw CLIError(.fatal, error.message)
                }
            }
            guard refused.isEmpty else {
                throw CLIError(.fatal, "\(refused.map { "'\($0)'" }.joined(separator: ", ")) exist\(refused.count == 1 ? "s" : "") and git-ops did not write "
                    + "\(refused.count == 1 ? "it" : "them"); merge them by hand, or run again with --force to replace them")
            }
            print(uninstall ? "removed git-ops' hooks from \(directory)" : "installed git-ops' hooks into \(directory)")
        }

        /// Whether hook `name` of `repository` is one git-ops installed.
        static func hasOwnHook(_ name: String, in repository: Repository) -> Bool {
            guard let bytes = FileManager.default.contents(atPath: hooksDirectory(repository) + "/" + name) else { return false }
            return String(decoding: bytes, as: UTF8.self).contains(HookShim.marker)
        }

        /// `core.hooksPath` (relative to the work tree, or the git directory when bare), else `<git dir>/hooks`.
        static func hooksDirectory(_ repository: Repository) -> String {
            guard let configured = try? repository.configValue("core.hooksPath"), !configured.isEmpty else {
                return repository.gitDirectory + "/hooks"
            }
            if configured.hasPrefix("/") { return configured }
            return (repository.workTree ?? repository.gitDirectory) + "/" + configured
        }
    }
}
