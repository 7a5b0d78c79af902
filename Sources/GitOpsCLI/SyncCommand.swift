import ArgumentParser
import Foundation
import Git
import Manifests
import Reconcile
import State

/// `git ops sync`: deploys environments from git to their clusters and records it.
struct SyncCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Deploy environments to their clusters and record it in git.",
        discussion: """
            Renders each environment at the tip of its branch (or --rev), checks it against the \
            Kyverno policies .gitops.yaml names (an Enforce failure stops the sync before anything \
            is applied, unless --skip-policy gives a reason), applies it with \
            server-side apply, prunes what it deployed before and no longer renders, waits \
            for health, and records the deployment in refs/ops/deploy/<env> and refs/notes/ops. \
            With --push (or git config ops.push), then pushes the records to the remote \
            (git config ops.remote, else the branch's upstream remote, else origin). \
            Exits 1 when an environment is not healthy in time, a policy refused it, or the \
            remote refused the records.
            """
    )

    @Argument(help: "The environments to sync, as .gitops.yaml names them.")
    var environments: [String] = []

    @Flag(name: .long, help: "Sync every environment of .gitops.yaml.")
    var all = false

    @OptionGroup var common: ReconcileOptions

    @Flag(name: .long, help: "Show what would change; apply, prune and record nothing.")
    var dryRun = false

    @Flag(name: .long, inversion: .prefixedNo, help: "Delete what the last deployment had and this render has not (default: the environment's 'prune').")
    var prune: Bool?

    @Option(name: .long, help: ArgumentHelp("How long to wait for health (default: the environment's 'timeout', 5m).", valueName: "duration"))
    var timeout: String?

    @Flag(name: .long, help: "Apply and prune without waiting for health, as Flux's 'wait: false'.")
    var noWait = false

    @Flag(name: .long, help: "Accept a render with no objects, pruning everything deployed before.")
    var allowEmpty = false

    @Flag(name: .long, help: "Take over live objects without an ApplySet label that the render declares.")
    var adopt = false

    @Flag(name: .long, help: "Sync as hooks and the agent do: refused while a rollback pins the environment, and the pin stays.")
    var automatic = false

    @Option(name: .long, help: ArgumentHelp("Apply even though Enforce policies fail; the reason is recorded in the deployment.", valueName: "reason"))
    var skipPolicy: String?

    @OptionGroup var pushing: PushOptions

    func run() async throws {
        var options = try common.syncOptions()
        options.dryRun = dryRun
        options.prune = prune
        options.allowEmpty = allowEmpty
        options.wait = !noWait
        options.adopt = adopt
        if automatic { options.trigger = .automatic }
        if let skipPolicy {
            let reason = skipPolicy.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !reason.isEmpty, !reason.contains(where: \.isNewline) else {
                throw CLIError(.usage, "--skip-policy needs a reason on one line, such as --skip-policy 'hotfix for INC-42'")
            }
            options.skipPolicy = reason
        }
        if let timeout {
            guard let nanoseconds = GoDuration.nanoseconds(timeout), nanoseconds > 0 else {
                throw CLIError(.usage, "invalid --timeout '\(timeout)'; write a duration such as 90s or 5m")
            }
            options.timeout = nanoseconds
        }
        let repository = try ReconcileOptions.repository()
        let names = try common.environmentNames(environments, all: all, repository: repository)
        let push = try pushing.enabled(in: repository, dryRun: dryRun)
        let gitDirectory = repository.gitDirectory
        let progress = ProgressLine.forTerminal(enabled: common.output == .text)
        options.progress = progress?.handler
        let optionsForAll = options
        // Environments sync side by side, each with a repository handle of its own.
        let results = await withTaskGroup(of: (String, Result<SyncOutcome, any Error>).self) { group in
            for name in names {
                group.addTask {
                    do {
                        let reconciler = Reconciler(repository: try Repository(at: gitDirectory))
                        return (name, .success(try await reconciler.sync(name, options: optionsForAll)))
                    } catch {
                        return (name, .failure(error))
                    }
                }
            }
            var collected: [String: Result<SyncOutcome, any Error>] = [:]
            for await (name, result) in group { collected[name] = result }
            return collected
        }
        progress?.finish()
        var status = ExitStatus.success
        var outcomes: [SyncOutcome] = []
        for name in names {
            guard let result = results[name] else { continue }
            switch result {
            case .success(let outcome):
                outcomes.append(outcome)
                if common.output == .text { print(SyncReport.text(outcome, dryRun: dryRun)) }
                if outcome.result != .succeeded && !dryRun { status = status.worse(.no) }
            case .failure(let error):
                let message = (error as? ReconcileError)?.message ?? (error as? GitError)?.message ?? "\(error)"
                EntryPoint.report(message)
                // A policy's "no" is an answer, like a failed validation, not a breakdown.
                status = status.worse((error as? ReconcileError)?.code == .policy ? .no : .fatal)
            }
        }
        // Pushed once every environment is recorded: one push per remote carries them all.
        let pushes = push ? await PushOptions.publish(outcomes, repository: repository) : [:]
        for outcome in outcomes {
            guard let pushed = pushes[outcome.environment] else { continue }
            status = status.worse(PushOptions.report(pushed, text: common.output == .text))
        }
        if common.output == .json {
            print(try JSON.serialize(.sequence(outcomes.map { SyncReport.json($0, dryRun: dryRun, push: pushes[$0.environment]) })))
        }
        if status != .success { throw ExitCode(status.rawValue) }
    }
}
