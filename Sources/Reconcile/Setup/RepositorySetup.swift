import Git
import FileTree
import Manifests
import Render
import State

/// What `git ops init` does to a repository: propose environments from the
/// directories people name them by, write `.gitops.yaml`, and set the git
/// config that lets the records travel and show.
package enum RepositorySetup {
    /// Top-level folders whose subdirectories are environments, as GitOps
    /// repositories lay them out (Flux's `clusters/`, kustomize's `overlays/`).
    package static let environmentFolders = ["clusters", "overlays", "envs", "environments"]

    /// One environment per renderable subdirectory of the environment folders of
    /// `tree`, sorted by folder then name; `branch` is the branch they follow.
    package static func discoverEnvironments(in tree: any FileTree, branch: String) -> [Environment] {
        var found: [Environment] = []
        var names: Set<String> = []
        for folder in environmentFolders where tree.entryKind(folder) == .directory {
            for name in (try? tree.listDirectory(folder)) ?? [] where !name.hasPrefix(".") {
                let path = folder + "/" + name
                guard tree.entryKind(path) == .directory, isRenderable(path, in: tree),
                      GitOpsFile.isValidName(name), names.insert(name).inserted else { continue }
                var environment = Environment(name: name, path: path)
                environment.branch = branch
                found.append(environment)
            }
        }
        return found
    }

    /// Whether `directory` holds a kustomization or at least one manifest file.
    static func isRenderable(_ directory: String, in tree: any FileTree) -> Bool {
        let names = (try? tree.listDirectory(directory)) ?? []
        if names.contains(where: { Kustomization.fileNames.contains($0) }) { return true }
        return names.contains { name in [".yaml", ".yml", ".json"].contains { name.hasSuffix($0) } }
    }

    /// The text of a `.gitops.yaml` naming `environments`, with the keys people change most.
    package static func gitOpsFileText(_ environments: [Environment]) -> String {
        var text = """
            # git-ops: the environments of this repository (see git-ops-init(1)).
            # Each renders 'path' at a commit of 'branch' and syncs it to the
            # kubeconfig context 'cluster' (git-ops-local is 'git ops cluster up').
            environments:

            """
        for environment in environments {
            text += """
                  \(environment.name):
                    path: \(environment.path)
                    cluster: \(environment.cluster)
                    branch: \(environment.branch)
                    prune: \(environment.prune)

                """
        }
        return text
    }

    /// Sets the git config `git ops init` asks for and returns what it changed, a line each:
    /// `git log` shows the deployment notes, notes merge as `cat_sort_uniq`, and every
    /// remote fetches the records, pins and notes others wrote.
    package static func configure(_ repository: Repository) throws -> [String] {
        var changes: [String] = []
        if try !repository.configValues("notes.displayRef").contains(StateLayout.notesReference) {
            try repository.addConfigValue("notes.displayRef", StateLayout.notesReference)
            changes.append("notes.displayRef = \(StateLayout.notesReference) (git log shows where each commit was deployed)")
        }
        let strategyKey = "notes.ops.mergeStrategy"
        if try repository.configValue(strategyKey) != "cat_sort_uniq" {
            try repository.setConfig(strategyKey, to: "cat_sort_uniq")
            changes.append("\(strategyKey) = cat_sort_uniq")
        }
        for remote in try repository.remoteNames() {
            for refspec in StateLayout.fetchRefspecs(remote: remote) where try repository.addConfigValue("remote.\(remote).fetch", refspec) {
                changes.append("remote.\(remote).fetch += \(refspec)")
            }
        }
        return changes
    }
}
