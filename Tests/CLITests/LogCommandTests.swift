import Foundation
import Git
import Manifests
import State
import Testing

/// `git ops log` with the real binary over records written as a sync writes them.
@Suite("git ops log")
struct LogCommandTests {
    /// A repository with two source commits, and records: dev deployed both, prod the first, then a rollback.
    func repository() throws -> TemporaryDirectory {
        let directory = try TemporaryDirectory()
        try directory.write(["clusters/dev/cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n"])
        try CLIRunner.shell("git init -q -b main && git add -A && git commit -qm 'first config' && git commit -q --allow-empty -m 'second config'",
                            in: directory.url)
        let repository = try Repository(at: directory.url.path)
        let first = try repository.resolve("HEAD~1")
        let second = try repository.resolve("HEAD")
        let object = try #require(try YAMLParser(source: "cm").parse("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  namespace: dev\n").first)
        func record(_ environment: String, _ source: ObjectID, _ result: DeploymentRecord.Result, at time: Int64,
                    rollbackOf: ObjectID? = nil) throws -> ObjectID {
            let history = DeploymentHistory(repository: repository, environment: try EnvironmentRefs(environment))
            let parent = try history.latest()?.commit
            let entry = DeploymentRecord(environment: environment, cluster: "kind-\(environment)", sourceCommit: source, result: result,
                                         counts: .init(applied: 1, pruned: 0, unchanged: 2), syncedBy: "ada@laptop",
                                         rollbackOf: rollbackOf, time: time)
            return try history.append(entry, objects: [object], expecting: parent).commit
        }
        _ = try record("dev", first, .succeeded, at: 1_800_000_000)
        let prodFirst = try record("prod", first, .succeeded, at: 1_800_000_100)
        _ = try record("dev", second, .unhealthy, at: 1_800_000_200)
        _ = try record("prod", first, .succeeded, at: 1_800_000_300, rollbackOf: prodFirst)
        return directory
    }

    @Test("lists every environment's deployments newest first, with source, result, who and counts")
    func allEnvironments() throws {
        let directory = try repository()
        let result = try CLIRunner.run(["log", "--oneline"], in: directory.url)
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map { $0.split(separator: " ").prefix(3).joined(separator: " ") }
        #expect(lines.map { $0.split(separator: " ").dropFirst().joined(separator: " ") }
                == ["prod succeeded", "dev unhealthy", "prod succeeded", "dev succeeded"])
        #expect(result.stdout.contains("2027-01-15T08:05:00Z +1 -0 =2 first config"), "\(result.stdout)")
        let medium = try CLIRunner.run(["log", "prod"], in: directory.url)
        #expect(medium.stdout.hasPrefix("deployment "))
        #expect(medium.stdout.contains("Rollback of: "))
        #expect(medium.stdout.contains("Source:  ") && medium.stdout.contains(" first config\n"))
        #expect(medium.stdout.contains("By:      ada@laptop\n"))
        #expect(!medium.stdout.contains("(dev)"))
    }

    @Test("-n limits, and --output json gives every field")
    func limitAndJSON() throws {
        let directory = try repository()
        let limited = try CLIRunner.run(["log", "--oneline", "-n", "1", "dev"], in: directory.url)
        #expect(limited.stdout.split(separator: "\n").count == 1 && limited.stdout.contains(" dev unhealthy "))
        let json = try CLIRunner.run(["log", "--output", "json"], in: directory.url)
        let items = try #require(try JSON.parse(json.stdout).sequence)
        #expect(items.count == 4)
        #expect(items.first?["environment"]?.string == "prod" && items.first?["rollbackOf"] != nil)
        #expect(items.last?["result"]?.string == "succeeded" && items.last?["sourceSummary"]?.string == "first config")
    }

    @Test("an environment never deployed is an error saying how to deploy it")
    func neverDeployed() throws {
        let directory = try repository()
        let result = try CLIRunner.run(["log", "staging"], in: directory.url)
        #expect(result.status == 128)
        #expect(result.stderr.contains("no deployments of 'staging' yet; 'git ops sync staging' makes the first"))
    }
}
