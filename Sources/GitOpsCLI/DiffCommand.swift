import ArgumentParser
import Foundation
import Git
import Manifests
import Plan
import Reconcile

/// `git ops diff`: what a sync would change, as a unified diff; exit 1 when there is a change.
struct DiffCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Show what a sync of an environment would change.",
        discussion: """
            Plans a sync of the environment (the tip of its branch, or --rev) against its \
            cluster and prints a unified diff of each object it would create, configure or \
            prune, live against what server-side apply would make of it, Secret values masked. \
            Exits 1 when there is a change, as 'git diff --exit-code' does.
            """
    )

    @Argument(help: "The environment (default: the only one of .gitops.yaml).")
    var environment: String?

    @OptionGroup var common: ReconcileOptions

    func run() async throws {
        let repository = try ReconcileOptions.repository()
        let name = try common.environmentNames(environment.map { [$0] } ?? [], all: false, repository: repository).first ?? ""
        let plan: PlannedSync
        do {
            plan = try await Reconciler(repository: repository).plan(name, options: try common.syncOptions())
        } catch let error as ReconcileError {
            throw CLIError(.fatal, error.message)
        }
        let changes = plan.changes.entries.filter { $0.action.changesCluster }
        if common.output == .json {
            print(try JSON.serialize(.sequence(changes.map { change in
                .mapping(Mapping(["object": .string(change.key.description), "action": .string(change.action.word),
                                  "diff": .string(change.diff?.unified() ?? "")]))
            })))
        } else {
            let pager = Pager(enabled: true, configured: try? repository.configValue("core.pager"))
            for change in changes { pager.write(change.diff?.unified() ?? "") }
            pager.finish()
        }
        if !changes.isEmpty { throw ExitCode(ExitStatus.no.rawValue) }
    }
}
