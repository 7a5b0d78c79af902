// Writes deployment records in the real format, for the log benchmark.
// Usage: state-bench REPOSITORY ENVIRONMENT COUNT
// Records COUNT deployments of ENVIRONMENT over the first-parent history of
// HEAD (oldest first, cycling when COUNT exceeds it), each a commit of
// refs/ops/deploy/<env> with a one-object tree, through the State module.
import Git
import Manifests
import State
#if canImport(Glibc)
import Glibc
#endif

let arguments = CommandLine.arguments
guard arguments.count == 4, let count = Int(arguments[3]), count > 0 else {
    print("usage: state-bench REPOSITORY ENVIRONMENT COUNT")
    exit(64)
}
do {
    let repository = try Repository(at: arguments[1])
    let history = DeploymentHistory(repository: repository, environment: try EnvironmentRefs(arguments[2]))
    let sources = try repository.history(from: try repository.resolve("HEAD"), firstParentOnly: true).reversed().map(\.id)
    guard !sources.isEmpty else { throw StateError(.notFound, "HEAD has no commits") }
    var parent = try history.latest()?.commit
    let start = UTCTime.now() - Int64(count) * 60
    for index in 0..<count {
        let object = try require(try YAMLParser(source: "bench").parse(
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: release\n  namespace: \(arguments[2])\ndata:\n  index: \"\(index)\"\n").first)
        let record = DeploymentRecord(
            environment: arguments[2], cluster: "bench", sourceCommit: sources[index % sources.count],
            result: index % 17 == 0 ? .unhealthy : .succeeded, counts: .init(applied: 1, pruned: 0, unchanged: 100),
            syncedBy: "bench@localhost", time: start + Int64(index) * 60)
        parent = try history.append(record, objects: [object], expecting: parent).commit
    }
    print("recorded \(count) deployments of \(arguments[2])")
} catch {
    print("state-bench: \(error)")
    exit(1)
}

func require<T>(_ value: T?) throws -> T {
    guard let value else { throw StateError(.notFound, "no object") }
    return value
}
