import ArgumentParser
import Git
import Reconcile

/// `--push` and `--no-push` of the verbs that record (sync, rollback), over the git config `ops.push`.
struct PushOptions: ParsableArguments {
    @Flag(name: .long, inversion: .prefixedNo,
          help: "Push the records to the remote after recording them (default: git config ops.push, else no).")
    var push: Bool?

    /// Whether to push: the flag, else `ops.push`; a bad `ops.push` is fatal before anything runs.
    func enabled(in repository: Repository, dryRun: Bool = false) throws -> Bool {
        if dryRun {
            if push == true { throw CLIError(.usage, "--push has nothing to push with --dry-run, which records nothing") }
            return false
        }
        if let push { return push }
        do {
            return try RecordPublisher.isEnabled(in: repository)
        } catch let error as ReconcileError {
            throw CLIError(.fatal, error.message)
        }
    }

    /// Pushes the records of the environments `outcomes` synced; the results by environment.
    static func publish(_ outcomes: [SyncOutcome], repository: Repository) async -> [String: RecordPublisher.Result] {
        let targets = outcomes.map { RecordPublisher.Target(environment: $0.environment, branch: $0.branch) }
        guard !targets.isEmpty else { return [:] }
        let results = await RecordPublisher(repository: repository).publish(targets)
        return Dictionary(results.map { ($0.environment, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// Reports how the push of `result` went: a line on standard output in text, an error
    /// on standard error when it failed. The exit status it calls for: 1 when the remote
    /// refused, 128 when the push could not be done, 0 when it went through.
    static func report(_ result: RecordPublisher.Result, text: Bool) -> ExitStatus {
        guard let error = result.error else {
            if text { print("pushed records of \(result.environment) to \(result.remote ?? "the remote")") }
            return .success
        }
        let remote = result.remote.map { " to '\($0)'" } ?? ""
        EntryPoint.report("\(result.environment) was synced and recorded here, but its records were not pushed\(remote): \(error.message)")
        return error.code == .pushRejected ? .no : .fatal
    }
}

extension ExitStatus {
    /// The graver of two statuses: fatal over usage over "no" over success.
    func worse(_ other: ExitStatus) -> ExitStatus { other.rawValue > rawValue ? other : self }
}
