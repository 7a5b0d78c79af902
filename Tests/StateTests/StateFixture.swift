import TestSupport
import Git
import Manifests
import Testing
@testable import State

/// A repository with three source commits, and helpers to record deployments in it.
///
/// Times are fixed (`start` and later), so records and leases read the same on every run.
struct StateFixture {
    /// The temporary directory; keep the fixture alive while its repository is read.
    let sandbox: Sandbox
    /// The repository, opened by the package.
    let repository: Repository
    /// Three source commits, oldest first.
    let sources: [ObjectID]
    /// The time of the first record: 2027-01-15T08:00:00Z.
    static let start: Int64 = 1_800_000_000

    init() throws {
        let sandbox = try Sandbox()
        let path = try sandbox.makeRepository()
        sources = try (1...3).map { index in
            try #require(ObjectID(hex: try sandbox.commit("source \(index)", ["clusters/prod/app.yaml": "v\(index)\n"])))
        }
        repository = try Repository(at: path)
        self.sandbox = sandbox
    }

    /// The history of `environment`.
    func history(_ environment: String = "prod") throws -> DeploymentHistory {
        DeploymentHistory(repository: repository, environment: try EnvironmentRefs(environment))
    }

    /// A lease on `environment` taken at `now` for an hour.
    func lease(_ environment: String = "prod", holder: String = "ada@build-1 pid 42", now: Int64 = start) throws -> Lease {
        try Lease.take(in: repository, environment: EnvironmentRefs(environment), holder: holder, duration: 3600, now: now)
    }

    /// A sync request of `source` with `objects`, at `time`.
    func request(
        _ source: ObjectID, _ objects: [Node], trigger: SyncTrigger = .explicit, time: Int64 = start
    ) -> SyncRequest {
        SyncRequest(sourceCommit: source, cluster: "prod-eu", syncedBy: "ada@example.com", trigger: trigger,
                    objects: objects, time: time)
    }

    /// A record of `environment` for `source`, with `result`.
    func record(
        _ source: ObjectID, _ result: DeploymentRecord.Result, environment: String = "prod", time: Int64 = start
    ) -> DeploymentRecord {
        DeploymentRecord(environment: environment, cluster: "prod-eu", sourceCommit: source, result: result,
                         counts: DeploymentRecord.Counts(applied: 2, pruned: 1, unchanged: 3),
                         syncedBy: "ada@example.com", time: time)
    }

    /// The paths of the files of tree `tree`, sorted.
    func paths(_ tree: ObjectID) throws -> [String] {
        try repository.files(inTree: tree).map(\.path)
    }

    /// The objects of a YAML stream.
    static func objects(_ yaml: String) throws -> [Node] {
        try YAMLParser(source: "fixture.yaml").parse(yaml)
    }

    /// A ConfigMap `name` in namespace `shop` with `value`.
    static func configMap(_ name: String, _ value: String = "1") throws -> Node {
        try #require(try objects("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: \(name)\n  namespace: shop\ndata:\n  value: \"\(value)\"\n").first)
    }

    /// The path of ConfigMap `name` of `configMap(_:)` in a deployment tree.
    static func configMapPath(_ name: String) -> String { "shop/core/ConfigMap/\(name).yaml" }
}
