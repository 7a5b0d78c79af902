import ArgumentParser
import Foundation
import Manifests
import Reconcile
import State

/// `git ops status`: what is deployed, how far behind its branch, drift and health; exit 1 unless all is well.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show where environments stand: deployed commit, drift, health.",
        discussion: """
            For each environment: the deployed source commit and when, how many commits its \
            branch has moved on since, the objects whose live state drifted from the deployment \
            (a plan of the deployed commit against the cluster), the objects that are not healthy, \
            and the rollback that pins it. Exits 1 when an environment is behind, drifted or unhealthy.
            """
    )

    @Argument(help: "The environments (default: every environment of .gitops.yaml).")
    var environments: [String] = []

    @OptionGroup var common: ReconcileOptions

    func run() async throws {
        let repository = try ReconcileOptions.repository()
        let names = try common.environmentNames(environments, all: environments.isEmpty, repository: repository)
        var json: [Node] = []
        var healthy = true
        for name in names {
            let status: EnvironmentStatus
            do {
                status = try await Reconciler(repository: repository).status(name, options: try common.syncOptions())
            } catch let error as ReconcileError {
                throw CLIError(.fatal, error.message)
            }
            healthy = healthy && status.isInSync && status.unhealthy.isEmpty
            if common.output == .json { json.append(Self.json(status)) } else { print(Self.text(status)) }
        }
        if common.output == .json { print(try JSON.serialize(.sequence(json))) }
        if !healthy { throw ExitCode(ExitStatus.no.rawValue) }
    }

    static func text(_ status: EnvironmentStatus) -> String {
        guard let deployed = status.deployed else {
            return "\(status.environment): never deployed; branch tip \(status.branchTip.short) ('git ops sync \(status.environment)')"
        }
        let record = deployed.record
        var lines = ["\(status.environment): \(record.sourceCommit.short) deployed \(UTCTime.format(record.time)), \(record.result.rawValue)"
                     + (status.behind == 0 ? ", up to date with its branch" : ", \(status.behind) commit\(status.behind == 1 ? "" : "s") behind its branch (\(status.branchTip.short))")]
        if let pin = status.pin { lines.append("  pinned by the rollback to \(pin.record.sourceCommit.short); 'git ops sync \(status.environment)' lifts it") }
        for change in status.drift { lines.append("  drifted: \(change.key) (a sync would say \(change.action.word))") }
        for item in status.unhealthy { lines.append("  unhealthy: \(item.key): \(item.health)") }
        if status.isInSync && status.unhealthy.isEmpty { lines.append("  in sync and healthy") }
        return lines.joined(separator: "\n")
    }

    static func json(_ status: EnvironmentStatus) -> Node {
        var object = Mapping()
        object["environment"] = .string(status.environment)
        object["branchTip"] = .string(status.branchTip.hex)
        object["behind"] = .int(status.behind)
        if let deployed = status.deployed {
            object["deployment"] = .string(deployed.commit.hex)
            object["sourceCommit"] = .string(deployed.record.sourceCommit.hex)
            object["result"] = .string(deployed.record.result.rawValue)
            object["time"] = .string(UTCTime.format(deployed.record.time))
        }
        if let pin = status.pin { object["pinnedTo"] = .string(pin.commit.hex) }
        object["drift"] = .sequence(status.drift.map { .string($0.key.description) })
        object["unhealthy"] = .sequence(status.unhealthy.map { .mapping(Mapping(["object": .string($0.key.description), "message": .string($0.health.description)])) })
        object["inSync"] = .bool(status.isInSync)
        return .mapping(object)
    }
}
