import ArgumentParser
import Foundation
import Git
import FileTree
import Manifests
import Reconcile

/// `git ops init`: writes `.gitops.yaml` from the environment directories it
/// finds and sets the git config that makes deployment records travel and show.
struct InitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Set up a repository for git-ops.",
        discussion: """
            Writes .gitops.yaml with one environment per directory under clusters/, \
            overlays/, envs/ or environments/ (kept if it exists, unless --force), \
            shows deployment notes in 'git log', merges them as cat_sort_uniq, and \
            makes every remote fetch the records, pins and notes others wrote. \
            Running it again changes only what is missing.
            """
    )

    @Flag(name: .long, help: "Write .gitops.yaml even when one exists.")
    var force = false

    func run() async throws {
        let repository: Repository
        do {
            repository = try Repository()
        } catch let error as GitError {
            throw CLIError(.fatal, "\(error.message); run 'git ops init' inside a repository")
        }
        guard let workTree = repository.workTree else {
            throw CLIError(.fatal, "'\(repository.gitDirectory)' is a bare repository; run 'git ops init' in a clone with a work tree")
        }
        let file = workTree + "/" + GitOpsFile.fileName
        let exists = FileManager.default.fileExists(atPath: file)
        if exists && !force {
            print("kept \(GitOpsFile.fileName): it exists (--force writes it anew)")
        } else {
            let branch = (try? repository.currentBranch()) ?? nil
            let environments = RepositorySetup.discoverEnvironments(in: DirectoryTree(root: workTree), branch: branch ?? "main")
            guard !environments.isEmpty else {
                let folders = RepositorySetup.environmentFolders.map { "\($0)/" }.joined(separator: ", ")
                throw CLIError(.fatal, "no environment directories found under \(folders); make one (clusters/dev with a kustomization.yaml) or write \(GitOpsFile.fileName) by hand")
            }
            do {
                try RepositorySetup.gitOpsFileText(environments).write(toFile: file, atomically: true, encoding: .utf8)
            } catch {
                throw CLIError(.fatal, "cannot write '\(file)': \(error.localizedDescription)")
            }
            print("wrote \(GitOpsFile.fileName) with \(environments.count == 1 ? "1 environment" : "\(environments.count) environments"): "
                  + environments.map { "\($0.name) (\($0.path))" }.joined(separator: ", "))
        }
        let changes: [String]
        do {
            changes = try RepositorySetup.configure(repository)
        } catch let error as GitError {
            throw CLIError(.fatal, error.message)
        }
        for change in changes { print("set \(change)") }
        if changes.isEmpty { print("git config already set up") }
        if !exists || force { print("next: review \(GitOpsFile.fileName), commit it, then 'git ops sync <env>'") }
    }
}
