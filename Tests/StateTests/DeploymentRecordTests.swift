import TestSupport
import Git
import Testing
@testable import State

@Suite("DeploymentRecord")
struct DeploymentRecordTests {
    let fixture: StateFixture

    init() throws { fixture = try StateFixture() }

    @Test("round-trips through a commit, with the trailers DESIGN.md names in order")
    func roundTrip() throws {
        var record = fixture.record(fixture.sources[1], .succeeded)
        record.rollbackOf = fixture.sources[0]
        let deployment = try fixture.history().append(record, objects: [], expecting: nil)
        let read = try fixture.history().deployment(at: deployment.commit)
        #expect(read.record == record)
        #expect(read == deployment)

        let commit = try fixture.repository.commit(deployment.commit)
        #expect(commit.trailers.map(\.key) == [
            "Source-Commit", "Environment", "Cluster", "Result", "Applied", "Pruned", "Unchanged", "Synced-By",
            "Rollback-Of", "Layout-Version",
        ])
        #expect(commit.summary == "Roll back prod to \(fixture.sources[1].short): succeeded")
        #expect(commit.committer.time == StateFixture.start)
        #expect(try fixture.sandbox.git("log", "-1", "--format=%(trailers:key=Result,valueonly,separator=) %(trailers:key=Applied,valueonly,separator=)",
                                        "refs/ops/deploy/prod") == "succeeded 2")
    }

    @Test("keeps a --skip-policy reason and every Audit failure, one trailer each")
    func policyTrailers() throws {
        var record = fixture.record(fixture.sources[0], .succeeded)
        record.policySkipped = "hotfix INC-42"
        record.policyAudits = ["p/r Deployment/shop/web", "q/s ConfigMap/shop/app (Enforce, skipped)"]
        let deployment = try fixture.history().append(record, objects: [], expecting: nil)
        #expect(try fixture.history().deployment(at: deployment.commit).record == record)
        let commit = try fixture.repository.commit(deployment.commit)
        #expect(commit.trailers.map(\.key).suffix(4) == ["Policy-Skipped", "Policy-Audit", "Policy-Audit", "Layout-Version"])
        record.policyAudits = ["two\nlines"]
        #expect(throws: StateError.self) { try record.message() }
    }

    @Test("leaves counts out of pending records and reads them back as zero")
    func pendingHasNoCounts() throws {
        let record = fixture.record(fixture.sources[0], .pending)
        let message = try record.message()
        #expect(!message.contains("Applied:"))
        #expect(message.hasPrefix("Sync prod to \(fixture.sources[0].short): pending\n\nSource-Commit: "))
        let deployment = try fixture.history().append(record, objects: [], expecting: nil)
        #expect(try fixture.history().deployment(at: deployment.commit).record.counts == DeploymentRecord.Counts())
    }

    @Test("reads every result by the name it writes", arguments: DeploymentRecord.Result.allCases)
    func results(result: DeploymentRecord.Result) throws {
        let deployment = try fixture.history().append(fixture.record(fixture.sources[0], result), objects: [], expecting: nil)
        #expect(try fixture.history().latest()?.record.result == result)
        #expect(try fixture.sandbox.git("log", "-1", "--format=%(trailers:key=Result,valueonly,separator=)", deployment.commit.hex)
            == result.rawValue)
    }

    @Test("refuses commits that are not records, and records of a newer layout")
    func refusals() throws {
        let plain = try fixture.repository.commit(fixture.sources[0])
        let notRecord = #expect(throws: StateError.self) { try DeploymentRecord(commit: plain) }
        #expect(notRecord?.code == .notARecord)
        #expect(notRecord?.message == "commit '\(fixture.sources[0].short)' is not a deployment record: no 'Layout-Version' trailer")

        var newer = fixture.record(fixture.sources[0], .succeeded)
        newer.layoutVersion = StateLayout.version + 1
        let deployment = try fixture.history().append(newer, objects: [], expecting: nil)
        let error = #expect(throws: StateError.self) { try fixture.history().latest() }
        #expect(error?.code == .newerLayout)
        #expect(error?.message.contains("'\(deployment.commit.short)'") == true)
    }

    @Test("refuses names a trailer cannot hold", arguments: ["", "two\nlines", " padded", "tab\t"])
    func refusesNames(name: String) throws {
        var record = fixture.record(fixture.sources[0], .succeeded)
        record.syncedBy = name
        let error = #expect(throws: StateError.self) { try record.message() }
        #expect(error?.code == .invalidName)
    }

    @Test("refuses environment names that are not one plain ref component",
          arguments: ["", ".hidden", "-x", "a/b", "a..b", "x.lock", "spa ce", String(repeating: "e", count: 101)])
    func refusesEnvironments(name: String) {
        let error = #expect(throws: StateError.self) { try EnvironmentRefs(name) }
        #expect(error?.code == .invalidName)
    }

    @Test("names an environment's refs under refs/ops")
    func refs() throws {
        let refs = try EnvironmentRefs("eu-west_1.prod")
        #expect([refs.deploy, refs.lock, refs.pin]
            == ["refs/ops/deploy/eu-west_1.prod", "refs/ops/lock/eu-west_1.prod", "refs/ops/pin/eu-west_1.prod"])
    }
}
