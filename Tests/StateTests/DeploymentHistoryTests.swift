import TestSupport
import Git
import Testing
@testable import State

@Suite("DeploymentHistory")
struct DeploymentHistoryTests {
    let fixture: StateFixture
    let start = StateFixture.start

    init() throws { fixture = try StateFixture() }

    /// Appends records of `results` for sources 0, 1, 2, … in turn, a minute apart, and returns them newest first.
    func appendRecords(_ results: [DeploymentRecord.Result]) throws -> [Deployment] {
        let history = try fixture.history()
        var deployments: [Deployment] = []
        for (index, result) in results.enumerated() {
            let record = fixture.record(fixture.sources[index % 3], result, time: start + Int64(60 * index))
            deployments.insert(try history.append(record, objects: [], expecting: deployments.first?.commit), at: 0)
        }
        return deployments
    }

    @Test("of two appends on the same latest record, one moves the ref and the other fails as a retryable race")
    func lostRace() throws {
        let first = try #require(try appendRecords([.succeeded]).first)
        let ours = try fixture.history()
        let theirs = DeploymentHistory(repository: try Repository(at: fixture.repository.gitDirectory),
                                       environment: try EnvironmentRefs("prod"))
        let won = try theirs.append(fixture.record(fixture.sources[1], .succeeded), objects: [], expecting: first.commit)
        let error = #expect(throws: StateError.self) {
            try ours.append(fixture.record(fixture.sources[2], .succeeded), objects: [], expecting: first.commit)
        }
        #expect(error?.code == .concurrentUpdate)
        #expect(error?.message.hasPrefix("cannot record the deployment of 'prod': another sync recorded one first") == true)
        #expect(error?.message.hasSuffix("read the history again and retry") == true)
        #expect(try ours.latest() == won)
        // Retrying on the new latest record succeeds.
        _ = try ours.append(fixture.record(fixture.sources[2], .succeeded), objects: [], expecting: won.commit)
    }

    @Test("of many concurrent appends on one latest record, exactly one wins")
    func concurrentAppends() async throws {
        let first = try #require(try appendRecords([.succeeded]).first)
        let path = fixture.repository.gitDirectory
        let source = fixture.sources[1]
        let wins = try await withThrowingTaskGroup(of: Bool.self) { group in
            for writer in 0..<6 {
                group.addTask {
                    let history = DeploymentHistory(repository: try Repository(at: path), environment: try EnvironmentRefs("prod"))
                    let record = DeploymentRecord(environment: "prod", cluster: "c", sourceCommit: source, result: .succeeded,
                                                  syncedBy: "writer \(writer)", time: StateFixture.start + 1)
                    do {
                        _ = try history.append(record, objects: [], expecting: first.commit)
                        return true
                    } catch let error as StateError where error.code == .concurrentUpdate {
                        return false
                    }
                }
            }
            return try await group.reduce(into: 0) { $0 += $1 ? 1 : 0 }
        }
        #expect(wins == 1)
        #expect(try fixture.sandbox.git("rev-list", "--count", "refs/ops/deploy/prod") == "2")
    }

    @Test("finds the latest healthy record, and the newest finished record of a source commit")
    func finds() throws {
        let records = try appendRecords([.succeeded, .pending, .failed, .succeeded, .unhealthy])
        let history = try fixture.history()
        #expect(try history.latestHealthy() == records[1])
        #expect(try history.deployment(ofSource: fixture.sources[0]) == records[1])
        // Source 1 was synced twice: pending (never finished), then unhealthy.
        #expect(try history.deployment(ofSource: fixture.sources[1]) == records[0])
        #expect(try history.deployment(ofSource: fixture.sources[2]) == records[2])
        #expect(try history.deployment(ofSource: #require(ObjectID(hex: String(repeating: "ab", count: 20)))) == nil)
    }

    @Test("resolves a deployment commit, a revision of the deploy ref, or a source commit deployed there")
    func resolves() throws {
        let records = try appendRecords([.succeeded, .failed, .succeeded])
        let history = try fixture.history()
        #expect(try history.resolve(records[1].commit.hex) == records[1])
        #expect(try history.resolve(records[1].commit.short) == records[1])
        #expect(try history.resolve("refs/ops/deploy/prod~2") == records[2])
        #expect(try history.resolve(fixture.sources[1].hex) == records[1])

        try fixture.sandbox.commit("never deployed")
        let main = #expect(throws: StateError.self) { try history.resolve("main") }
        #expect(main?.code == .notFound)
        #expect(main?.message == "'main' is neither a deployment of 'prod' nor a commit deployed there; 'git log refs/ops/deploy/prod' lists them")
        let dev = try fixture.history("dev").append(fixture.record(fixture.sources[0], .succeeded, environment: "dev"),
                                                    objects: [], expecting: nil)
        let other = #expect(throws: StateError.self) { try history.resolve(dev.commit.hex) }
        #expect(other?.code == .notARecord)
        #expect(throws: GitError.self) { try history.resolve("no-such-revision") }
    }

    @Test("rolls back by default to the newest healthy record of another source than the latest")
    func defaultRollbackTarget() throws {
        // Oldest first: source 0 ok, source 1 ok, source 2 ok, source 0 ok (a re-sync), source 1 unhealthy.
        let records = try appendRecords([.succeeded, .succeeded, .succeeded, .succeeded, .unhealthy])
        #expect(try fixture.history().rollbackTarget() == records[1])
        #expect(try fixture.history().rollbackTarget(fixture.sources[2].hex) == records[2])

        let empty = #expect(throws: StateError.self) { try fixture.history("dev").rollbackTarget() }
        #expect(empty?.message == "cannot roll back 'dev': nothing was deployed there yet")
    }

    @Test("refuses to roll back when no earlier healthy record of another source exists")
    func noRollbackTarget() throws {
        let records = try appendRecords([.failed, .succeeded])
        let error = #expect(throws: StateError.self) { try fixture.history().rollbackTarget() }
        #expect(error?.code == .noHealthyDeployment)
        #expect(error?.message == "cannot roll back 'prod': no healthy deployment of another commit before \(records[0].commit.short); name one with 'git ops rollback prod <commit>'")
    }
}
