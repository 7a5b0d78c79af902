import ArgumentParser
import Git
import Manifests
import Reconcile

/// `git ops validate`: the push-time checks at a revision, without a push.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check environments as the pre-receive hook would, without a push.",
        discussion: """
            Reads .gitops.yaml at HEAD (or --rev) and renders each environment from the git \
            tree: the configuration must be valid, every environment must render, every object \
            must have an apiVersion, a kind and a name Kubernetes accepts, no two objects may \
            share an identity, a protected environment may hold no plaintext Secret data, and the \
            Kyverno policies .gitops.yaml names must pass (Enforce failures are errors, Audit ones \
            warnings). \
            Exits 1 with a report per environment and file when a check fails. With --diff \
            <base>, also prints each environment's rendered diff from the base revision (Secret \
            values masked): what a change request will change in the clusters.
            """
    )

    @Argument(help: "The environments to check (default: all of them).")
    var environments: [String] = []

    @Option(name: .long, help: ArgumentHelp("Check this revision instead of HEAD.", valueName: "revision"))
    var rev: String?

    @Option(name: .long, help: ArgumentHelp("Also print each environment's rendered diff from this revision.", valueName: "base"))
    var diff: String?

    @Option(name: .long, help: "Output format: text or json.")
    var output: OutputFormat = .text

    func run() throws {
        let repository = try ReconcileOptions.repository()
        let report: Validation.Report
        let commit: ObjectID
        var base: ObjectID?
        do {
            commit = try repository.commit(try repository.resolve(rev ?? "HEAD")).id
        } catch let error as GitError {
            throw CLIError(.fatal, "cannot resolve '\(rev ?? "HEAD")': \(error.message)")
        }
        if let diff {
            do {
                base = try repository.commit(try repository.resolve(diff)).id
            } catch let error as GitError {
                throw CLIError(.fatal, "cannot resolve '\(diff)' (--diff): \(error.message)")
            }
        }
        do {
            report = try Validation(repository: repository).check(environments, at: commit, diffFrom: base)
        } catch let error as ReconcileError {
            throw CLIError(error.code == .unknownEnvironment ? .usage : .fatal, error.message)
        }
        if output == .json {
            print(try JSON.serialize(Self.json(report)))
        } else {
            for result in report.environments where result.findings.isEmpty {
                print("\(result.environment): ok, \(result.objectCount ?? 0) object\(result.objectCount == 1 ? "" : "s")")
            }
            for (environment, text) in report.diffs {
                print(text.isEmpty ? "\(environment): no change to the rendered objects from \(base?.short ?? "")"
                                   : "\(environment): rendered diff from \(base?.short ?? "")\n" + text, terminator: text.isEmpty ? "\n" : "")
            }
            for finding in report.environments.flatMap(\.warnings) {
                FileHandleOutput.standardError.write("warning: \(finding)\n")
            }
            for finding in report.findings {
                FileHandleOutput.standardError.write("error: \(finding)\n")
            }
        }
        if !report.findings.isEmpty { throw ExitCode(ExitStatus.no.rawValue) }
    }

    static func json(_ report: Validation.Report) -> Node {
        .mapping(Mapping([
            "valid": .bool(report.findings.isEmpty),
            "environments": .sequence(report.environments.map { result in
                var fields = Mapping(["name": .string(result.environment), "valid": .bool(result.findings.isEmpty),
                                      "objects": result.objectCount.map { .int($0) } ?? .null])
                if let diff = report.diffs.first(where: { $0.environment == result.environment }) { fields["diff"] = .string(diff.diff) }
                return .mapping(fields)
            }),
            "warnings": .sequence(report.environments.flatMap(\.warnings).map(findingJSON)),
            "findings": .sequence(report.findings.map(findingJSON)),
        ]))
    }

    static func findingJSON(_ finding: Finding) -> Node {
        var fields: [(String, Node)] = [("rule", .string(finding.rule.rawValue)), ("message", .string(finding.message))]
        if let environment = finding.environment { fields.append(("environment", .string(environment))) }
        if let file = finding.file { fields.append(("file", .string(file))) }
        if let line = finding.line { fields.append(("line", .int(line))) }
        return .mapping(Mapping(fields.map { Mapping.Entry(key: Scalar($0.0), value: $0.1) }))
    }
}
