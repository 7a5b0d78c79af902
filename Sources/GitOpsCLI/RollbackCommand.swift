import ArgumentParser
import Foundation
import Manifests
import Reconcile

/// `git ops rollback`: re-applies what an earlier deployment applied, and pins the environment.
struct RollbackCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rollback",
        abstract: "Re-apply an earlier deployment of an environment.",
        discussion: """
            Re-applies what was deployed at a deployment commit or a source commit deployed \
            to the environment (by default the previous healthy deployment), records it with \
            Rollback-Of, and pins the environment so nothing automatic undoes it; a later \
            explicit 'git ops sync' lifts the pin.
            """
    )

    @Argument(help: "The environment (default: the only one of .gitops.yaml).")
    var environment: String?

    @Argument(help: "A deployment commit, or a source commit deployed there (default: the previous healthy deployment).")
    var commit: String?

    @OptionGroup var common: ReconcileOptions

    @Option(name: .long, help: ArgumentHelp("How long to wait for health (default: the environment's 'timeout').", valueName: "duration"))
    var timeout: String?

    @OptionGroup var pushing: PushOptions

    func run() async throws {
        guard common.rev == nil else { throw CLIError(.usage, "rollback takes the commit as its argument, not --rev") }
        let repository = try ReconcileOptions.repository()
        let name = try common.environmentNames(environment.map { [$0] } ?? [], all: false, repository: repository).first ?? ""
        let push = try pushing.enabled(in: repository)
        var options = try common.syncOptions()
        if let timeout {
            guard let nanoseconds = GoDuration.nanoseconds(timeout), nanoseconds > 0 else {
                throw CLIError(.usage, "invalid --timeout '\(timeout)'; write a duration such as 90s or 5m")
            }
            options.timeout = nanoseconds
        }
        let progress = ProgressLine.forTerminal(enabled: common.output == .text)
        options.progress = progress?.handler
        let outcome: SyncOutcome
        do {
            outcome = try await Reconciler(repository: repository).rollback(name, to: commit, options: options)
            progress?.finish()
        } catch let error as ReconcileError {
            progress?.finish()
            throw CLIError(.fatal, error.message)
        }
        if common.output == .text {
            print(SyncReport.text(outcome, dryRun: false))
            print("\(name) is pinned to \(outcome.sourceCommit.short); 'git ops sync \(name)' lifts the pin")
        }
        var status: ExitStatus = outcome.result == .succeeded ? .success : .no
        let pushed = push ? await PushOptions.publish([outcome], repository: repository)[name] : nil
        if let pushed { status = status.worse(PushOptions.report(pushed, text: common.output == .text)) }
        if common.output == .json { print(try JSON.serialize(.sequence([SyncReport.json(outcome, dryRun: false, push: pushed)]))) }
        if status != .success { throw ExitCode(status.rawValue) }
    }
}
