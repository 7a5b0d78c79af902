import Git
import Manifests

/// One deployment event as a line of JSON in the note of its source commit on
/// `refs/notes/ops`:
///
///     {"time":"2026-12-01T10:15:00Z","env":"prod","cluster":"prod-eu","result":"succeeded","deployment":"…","source":"…","by":"ada@build-1"}
///
/// `time` comes first, so that git's `cat_sort_uniq` merge, which sorts a
/// note's lines byte-wise, keeps them in time order. `rollbackOf` follows
/// `by` on rollbacks only. Readers ignore fields they do not know, so later
/// layouts may add fields at the end.
package struct DeploymentEvent: Sendable, Equatable {
    /// When the record was written, in seconds since 1970.
    package var time: Int64
    /// The environment (`env`).
    package var environment: String
    /// The kubeconfig context (`cluster`).
    package var cluster: String
    /// How the sync ended (`result`).
    package var result: DeploymentRecord.Result
    /// The deployment commit on `refs/ops/deploy/<env>` (`deployment`).
    package var deployment: ObjectID
    /// The source commit the note is on (`source`).
    package var sourceCommit: ObjectID
    /// Who or what synced (`by`).
    package var syncedBy: String
    /// For a rollback, the deployment commit it re-applied (`rollbackOf`).
    package var rollbackOf: ObjectID?

    /// An event with every field given.
    package init(
        time: Int64, environment: String, cluster: String, result: DeploymentRecord.Result, deployment: ObjectID,
        sourceCommit: ObjectID, syncedBy: String, rollbackOf: ObjectID? = nil
    ) {
        self.time = time
        self.environment = environment
        self.cluster = cluster
        self.result = result
        self.deployment = deployment
        self.sourceCommit = sourceCommit
        self.syncedBy = syncedBy
        self.rollbackOf = rollbackOf
    }

    /// The event of a recorded deployment.
    package init(_ deployment: Deployment) {
        let record = deployment.record
        self.init(
            time: record.time, environment: record.environment, cluster: record.cluster, result: record.result,
            deployment: deployment.commit, sourceCommit: record.sourceCommit, syncedBy: record.syncedBy,
            rollbackOf: record.rollbackOf)
    }

    /// The event as one line of compact JSON, fields in the documented order.
    package func jsonLine() throws -> String {
        var fields = Mapping([
            "time": .string(UTCTime.format(time)), "env": .string(environment), "cluster": .string(cluster),
            "result": .string(result.rawValue), "deployment": .string(deployment.hex),
            "source": .string(sourceCommit.hex), "by": .string(syncedBy),
        ])
        if let rollbackOf { fields["rollbackOf"] = .string(rollbackOf.hex) }
        return try JSON.serialize(.mapping(fields))
    }

    /// The event a JSON line says, or `nil` for a line that is not one (another tool's, or damaged).
    package init?(jsonLine: String) {
        guard let object = try? JSON.parse(jsonLine) else { return nil }
        func field(_ key: String) -> String? { object[key]?.string }
        guard let time = field("time").flatMap(UTCTime.parse), let environment = field("env"),
              let cluster = field("cluster"), let result = field("result").flatMap({ DeploymentRecord.Result(rawValue: $0) }),
              let deployment = field("deployment").flatMap(ObjectID.init(hex:)),
              let source = field("source").flatMap(ObjectID.init(hex:)), let syncedBy = field("by")
        else { return nil }
        var rollbackOf: ObjectID?
        if let text = field("rollbackOf") {
            guard let id = ObjectID(hex: text) else { return nil }
            rollbackOf = id
        }
        self.init(
            time: time, environment: environment, cluster: cluster, result: result, deployment: deployment,
            sourceCommit: source, syncedBy: syncedBy, rollbackOf: rollbackOf)
    }
}
