import FoundationEssentials
import Manifests
import Testing
@testable import Plan

/// The first document of `yaml`, as a test writes an object.
func object(_ yaml: String) throws -> Node {
    let documents = try YAMLParser(source: "test.yaml").parse(yaml)
    return try #require(documents.first)
}

/// SHA-256 digests computed with `printf '<input>' | sha256sum`, for the
/// inputs the tests hash; Plan takes SHA-256 from its caller and has none.
enum KnownDigests {
    static let hex = [
        "my-set.test.Secret.": "d1e14757cc92aa9ed7a1286c1afc961500f7b3deb2ab01e6cdce1ed0747576c6",
        "dev.git-ops.ConfigMap.": "fcd78a99cfdc8b135a8ece476bef2da116f518d18bea3270ccea2c41c4e1d7b9",
    ]

    /// The digest of `bytes` when the table knows it; an empty digest (which
    /// `ApplySet` refuses) and a recorded issue otherwise.
    static func sha256(_ bytes: [UInt8]) -> [UInt8] {
        let input = String(decoding: bytes, as: UTF8.self)
        guard let hex = hex[input] else {
            Issue.record("no known SHA-256 for '\(input)'")
            return []
        }
        var digest: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            digest.append(UInt8(hex[index..<next], radix: 16) ?? 0)
            index = next
        }
        return digest
    }
}

/// The ApplySet of environment `dev`: parent ConfigMap `git-ops/dev`.
func devApplySet() throws -> ApplySet {
    try ApplySet(parent: ResourceID(version: "v1", kind: "ConfigMap", namespace: "git-ops", name: "dev"),
                 version: "0.1.0", sha256: KnownDigests.sha256)
}

/// The id of `devApplySet()`, from the vector above.
let devApplySetID = "applyset-_NeKmc_cixNajs5Ha-8toRb1GNGL6jJwzOosQcTh17k-v1"

/// The health of the object written as `yaml`, at `now`.
func health(_ yaml: String, now: Date = Date(timeIntervalSince1970: 1_750_000_000)) throws -> Health {
    Health.compute(try object(yaml), now: now)
}

/// A manifest whose `metadata`, `spec` and `status` are the contents of flow mappings.
func manifest(_ apiVersion: String, _ kind: String, metadata: String, spec: String = "", status: String) -> String {
    "apiVersion: \(apiVersion)\nkind: \(kind)\nmetadata: {\(metadata)}\nspec: {\(spec)}\nstatus: {\(status)}\n"
}

/// A live Deployment: server fields, a defaulted field and a status on top of its manifest.
let liveDeployment = """
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: web
      namespace: shop
      uid: 7c1d2f8e-1b7a-4d55-9d7e-0a3f5e1c2b44
      resourceVersion: "48213"
      generation: 4
      creationTimestamp: "2025-06-15T15:06:40Z"
      managedFields: [{manager: git-ops, operation: Apply}]
      labels: {app: web}
    spec:
      replicas: 2
      revisionHistoryLimit: 10
      template: {spec: {containers: [{name: app, image: "shop:1.0"}]}}
    status: {replicas: 2, observedGeneration: 4}
    """
