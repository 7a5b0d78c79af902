import ArgumentParser
import Foundation
import Git
import Reconcile

/// The options sync, diff and status share: where the cluster is and how to report.
struct ReconcileOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Deploy this revision instead of the tip of the environment's branch.", valueName: "revision"))
    var rev: String?

    @Option(name: .long, help: ArgumentHelp("The kubeconfig file (default: $KUBECONFIG or ~/.kube/config).", valueName: "file"))
    var kubeconfig: String?

    @Option(name: .long, help: ArgumentHelp("The kubeconfig context to use instead of the environment's 'cluster'.", valueName: "context"))
    var context: String?

    @Option(name: .long, help: "Output format: text or json.")
    var output: OutputFormat = .text

    /// The repository of the current directory, or a fatal error saying so.
    static func repository() throws -> Repository {
        do {
            return try Repository()
        } catch let error as GitError {
            throw CLIError(.fatal, error.message)
        }
    }

    func syncOptions() throws -> SyncOptions {
        var options = SyncOptions(revision: rev)
        options.kubeconfig = kubeconfig
        options.context = context
        return options
    }

    /// `names`, or every environment of `.gitops.yaml` at HEAD with `--all`; one of the two is needed.
    func environmentNames(_ names: [String], all: Bool, repository: Repository) throws -> [String] {
        if all {
            guard names.isEmpty else { throw CLIError(.usage, "give environment names or --all, not both") }
            do {
                let file = try GitOpsFile.decode(try repository.tree(at: "HEAD").readFile(GitOpsFile.fileName), file: "\(GitOpsFile.fileName)@HEAD")
                guard !file.environments.isEmpty else { throw CLIError(.fatal, "\(GitOpsFile.fileName)@HEAD names no environment") }
                return file.environments.map(\.name)
            } catch let error as ConfigurationError {
                throw CLIError(.fatal, error.description)
            } catch let error as CLIError {
                throw error
            } catch {
                throw CLIError(.fatal, "cannot read '\(GitOpsFile.fileName)' at HEAD: \(error); run 'git ops init' and commit the file it writes")
            }
        }
        if names.isEmpty, let only = try? GitOpsFile.decode(try repository.tree(at: "HEAD").readFile(GitOpsFile.fileName), file: GitOpsFile.fileName),
           only.environments.count == 1 {
            return only.environments.map(\.name)
        }
        guard !names.isEmpty else { throw CLIError(.usage, "name the environments to use, or pass --all") }
        guard Set(names).count == names.count else { throw CLIError(.usage, "an environment is named twice") }
        return names
    }
}
