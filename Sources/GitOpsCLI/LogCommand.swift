import ArgumentParser
import Foundation
import Git
import Manifests
import Reconcile
import State

/// `git ops log`: the deployments of one or every environment, newest first, paged like `git log`.
struct LogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log",
        abstract: "Show the deployments of an environment.",
        discussion: """
            Lists the deployment records of the environments (all that have any when none is \
            named), newest first: when, which source commit, who, the result and the counts. \
            On a terminal the list goes through the pager, as 'git log' does.
            """
    )

    @Argument(help: "The environments to show (default: every environment with deployments).")
    var environments: [String] = []

    @Option(name: [.customShort("n"), .customLong("max-count")], help: "Show at most this many deployments.")
    var maxCount: Int?

    @Flag(name: .long, help: "One line per deployment.")
    var oneline = false

    @Option(name: .long, help: "Output format: text or json.")
    var output: OutputFormat = .text

    @Flag(name: .long, help: "Do not page the output.")
    var noPager = false

    /// What the command line asks for.
    var options: Options {
        Options(environments: environments, maxCount: maxCount, oneline: oneline, output: output, noPager: noPager)
    }

    func run() throws {
        try Self.show(options)
    }

    /// The choices of one `git ops log`, whether ArgumentParser or `CommonArguments` read them.
    struct Options: Equatable {
        var environments: [String] = []
        var maxCount: Int?
        var oneline = false
        var output = OutputFormat.text
        var noPager = false
    }

    /// Shows the deployments `options` ask for.
    static func show(_ options: Options) throws {
        if let maxCount = options.maxCount, maxCount < 0 { throw CLIError(.usage, "invalid --max-count '\(maxCount)'; give 0 or more") }
        let repository: Repository
        var log: DeploymentLog
        do {
            repository = try Repository()
            log = try DeploymentLog(repository: repository, environments: options.environments.isEmpty ? nil : options.environments)
        } catch let error as GitError {
            throw CLIError(.fatal, error.message)
        } catch let error as StateError {
            throw CLIError(.fatal, error.message)
        }
        var remaining = options.maxCount ?? Int.max
        if options.output == .json {
            var items: [Node] = []
            while remaining > 0, case let entries = try log.next(min(remaining, 100)), !entries.isEmpty {
                items += entries.map(LogFormat.json)
                remaining -= entries.count
            }
            print(try JSON.serialize(.sequence(items)))
            return
        }
        let pager = Pager(enabled: !options.noPager, configured: try? repository.configValue("core.pager"))
        defer { pager.finish() }
        var first = true
        // A page at a time: the first lines show at once, however long the history.
        while remaining > 0, !pager.isClosed, case let entries = try log.next(min(remaining, 20)), !entries.isEmpty {
            for entry in entries {
                pager.write(options.oneline ? LogFormat.oneline(entry) : (first ? "" : "\n") + LogFormat.medium(entry))
                first = false
            }
            remaining -= entries.count
        }
    }
}

/// How `git ops log` words one deployment.
enum LogFormat {
    static func medium(_ entry: DeploymentLog.Entry) -> String {
        let record = entry.deployment.record
        var text = "deployment \(entry.deployment.commit.hex) (\(entry.environment))\n"
        text += "Result:  \(record.result.rawValue)\n"
        text += "Source:  \(record.sourceCommit.short) \(entry.sourceSummary ?? "(not in this repository)")\n"
        if let rollback = record.rollbackOf { text += "Rollback of: \(rollback.short)\n" }
        text += "Cluster: \(record.cluster)\n"
        text += "By:      \(record.syncedBy)\n"
        text += "Date:    \(UTCTime.format(record.time))\n"
        text += "Counts:  applied \(record.counts.applied), pruned \(record.counts.pruned), unchanged \(record.counts.unchanged)\n"
        return text
    }

    static func oneline(_ entry: DeploymentLog.Entry) -> String {
        let record = entry.deployment.record
        return "\(entry.deployment.commit.short) \(entry.environment) \(record.result.rawValue) \(record.sourceCommit.short) "
            + "\(UTCTime.format(record.time)) +\(record.counts.applied) -\(record.counts.pruned) =\(record.counts.unchanged) "
            + "\(entry.sourceSummary ?? "")\(record.rollbackOf.map { " (rollback to \($0.short))" } ?? "")\n"
    }

    static func json(_ entry: DeploymentLog.Entry) -> Node {
        let record = entry.deployment.record
        var object = Mapping()
        object["deployment"] = .string(entry.deployment.commit.hex)
        object["environment"] = .string(entry.environment)
        object["result"] = .string(record.result.rawValue)
        object["sourceCommit"] = .string(record.sourceCommit.hex)
        if let summary = entry.sourceSummary { object["sourceSummary"] = .string(summary) }
        if let rollback = record.rollbackOf { object["rollbackOf"] = .string(rollback.hex) }
        object["cluster"] = .string(record.cluster)
        object["syncedBy"] = .string(record.syncedBy)
        object["time"] = .string(UTCTime.format(record.time))
        object["applied"] = .int(record.counts.applied)
        object["pruned"] = .int(record.counts.pruned)
        object["unchanged"] = .int(record.counts.unchanged)
        return .mapping(object)
    }
}
