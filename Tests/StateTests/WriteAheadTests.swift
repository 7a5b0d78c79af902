import TestSupport
import Git
import Manifests
import Testing
@testable import State

@Suite("Write-ahead records: beginSync and finishSync")
struct WriteAheadTests {
    let fixture: StateFixture
    let start = StateFixture.start

    init() throws { fixture = try StateFixture() }

    func configMaps(_ names: String...) throws -> [Node] { try names.map { try StateFixture.configMap($0) } }

    func paths(_ names: String...) -> [String] { names.map(StateFixture.configMapPath).sorted() }

    func names(_ ids: [ResourceID]) -> [String] { ids.map(\.name).sorted() }

    @Test("records every object it may apply before anything is applied, then the applied ones on top")
    func firstSync() throws {
        let history = try fixture.history()
        let lease = try fixture.lease()
        let sync = try history.beginSync(fixture.request(fixture.sources[0], configMaps("a", "b")), holding: lease)
        #expect(sync.previous == nil)
        #expect(sync.inventory.isEmpty)
        #expect(sync.pending.record.result == .pending)
        #expect(try fixture.paths(sync.pending.tree) == paths("a", "b"))
        #expect(try history.latest() == sync.pending)

        let final = try history.finishSync(sync, result: .succeeded, counts: .init(applied: 2), time: start + 60, holding: lease)
        #expect(final.parent == sync.pending.commit)
        #expect(final.record.result == .succeeded)
        #expect(final.record.time == start + 60)
        #expect(try fixture.paths(final.tree) == paths("a", "b"))
        #expect(try history.latest() == final)
        #expect(names(try history.inventory(of: final)) == ["a", "b"])
        // One sync lists once: the pending record its final record finished is folded away.
        #expect(try history.page().deployments == [final])
        #expect(try fixture.sandbox.git("rev-list", "--count", "refs/ops/deploy/prod") == "2")
    }

    @Test("prunes from the latest tree, and writes the union of it and the new objects as the pending tree")
    func union() throws {
        let history = try fixture.history()
        let lease = try fixture.lease()
        let first = try history.beginSync(fixture.request(fixture.sources[0], configMaps("a", "b")), holding: lease)
        _ = try history.finishSync(first, result: .succeeded, counts: .init(applied: 2), time: start + 1, holding: lease)

        let changed = try [StateFixture.configMap("b", "2"), StateFixture.configMap("c")]
        let second = try history.beginSync(fixture.request(fixture.sources[1], changed, time: start + 2), holding: lease)
        #expect(names(second.inventory) == ["a", "b"])
        #expect(try fixture.paths(second.pending.tree) == paths("a", "b", "c"))
        // The pending tree holds the new text of an object in both.
        let objects = try history.objects(of: second.pending)
        #expect(objects.first { Resource($0).name == "b" }?[path: ["data", "value"]]?.string == "2")

        let final = try history.finishSync(second, result: .succeeded, counts: .init(applied: 2, pruned: 1),
                                           time: start + 3, holding: lease)
        #expect(try fixture.paths(final.tree) == paths("b", "c"))
        #expect(try fixture.sandbox.git("diff", "--no-renames", "--name-status", "refs/ops/deploy/prod~2", "refs/ops/deploy/prod")
            == "D\tshop/core/ConfigMap/a.yaml\nM\tshop/core/ConfigMap/b.yaml\nA\tshop/core/ConfigMap/c.yaml")
    }

    @Test("a sync killed after beginSync leaves its pending superset as the next sync's inventory")
    func crashAfterBegin() throws {
        let history = try fixture.history()
        let lease = try fixture.lease()
        let first = try history.beginSync(fixture.request(fixture.sources[0], configMaps("a", "b")), holding: lease)
        let done = try history.finishSync(first, result: .succeeded, counts: .init(applied: 2), time: start + 1, holding: lease)
        let killed = try history.beginSync(fixture.request(fixture.sources[1], configMaps("c"), time: start + 2), holding: lease)
        // The process dies here: no finishSync, no release. Its lease expires, and the next sync takes it over.
        let next = try fixture.lease(holder: "agent pid 9", now: lease.expires)
        let third = try history.beginSync(
            fixture.request(fixture.sources[2], configMaps("d"), trigger: .automatic, time: lease.expires), holding: next)
        #expect(third.previous == killed.pending)
        #expect(names(third.inventory) == ["a", "b", "c"])
        #expect(try fixture.paths(third.pending.tree) == paths("a", "b", "c", "d"))
        // The killed sync stays visible in the history: no final record followed its pending one.
        #expect(try history.page().deployments == [third.pending, killed.pending, done])
    }

    @Test("a failed sync keeps the pending superset as the inventory")
    func failedKeepsSuperset() throws {
        let history = try fixture.history()
        let lease = try fixture.lease()
        let first = try history.beginSync(fixture.request(fixture.sources[0], configMaps("a")), holding: lease)
        _ = try history.finishSync(first, result: .succeeded, counts: .init(applied: 1), time: start + 1, holding: lease)
        let second = try history.beginSync(fixture.request(fixture.sources[1], configMaps("b"), time: start + 2), holding: lease)
        let failed = try history.finishSync(second, result: .failed, counts: .init(applied: 1), time: start + 3, holding: lease)
        #expect(failed.tree == second.pending.tree)
        #expect(names(try history.inventory(of: failed)) == ["a", "b"])

        let unhealthy = try history.beginSync(fixture.request(fixture.sources[1], configMaps("b"), time: start + 4), holding: lease)
        let ended = try history.finishSync(unhealthy, result: .unhealthy, counts: .init(pruned: 1), time: start + 5, holding: lease)
        #expect(try fixture.paths(ended.tree) == paths("b"))
    }

    @Test("refuses to begin or finish without the environment's live lease")
    func requiresLease() throws {
        let history = try fixture.history()
        let lease = try fixture.lease()
        let expired = #expect(throws: StateError.self) {
            try history.beginSync(fixture.request(fixture.sources[0], [], time: lease.expires), holding: lease)
        }
        #expect(expired?.code == .leaseLost)
        let other = try fixture.lease("dev")
        let wrong = #expect(throws: StateError.self) {
            try history.beginSync(fixture.request(fixture.sources[0], []), holding: other)
        }
        #expect(wrong?.code == .leaseLost)

        let sync = try history.beginSync(fixture.request(fixture.sources[0], []), holding: lease)
        try lease.release(in: fixture.repository)
        let lost = #expect(throws: StateError.self) {
            try history.finishSync(sync, result: .succeeded, counts: .init(), time: start + 1, holding: lease)
        }
        #expect(lost?.code == .leaseLost)
        #expect(throws: StateError.self) {
            try history.finishSync(sync, result: .pending, counts: .init(), time: start + 1, holding: lease)
        }
        #expect(try history.latest() == sync.pending)
    }

    @Test("a rollback pins the environment from its pending record; automatic syncs are refused; an explicit one lifts it")
    func pin() throws {
        let history = try fixture.history()
        let lease = try fixture.lease()
        let good = try history.beginSync(fixture.request(fixture.sources[0], configMaps("a")), holding: lease)
        let healthy = try history.finishSync(good, result: .succeeded, counts: .init(applied: 1), time: start + 1, holding: lease)
        let bad = try history.beginSync(fixture.request(fixture.sources[1], configMaps("a", "b"), time: start + 2), holding: lease)
        _ = try history.finishSync(bad, result: .unhealthy, counts: .init(applied: 1), time: start + 3, holding: lease)

        let target = try history.rollbackTarget()
        #expect(target == healthy)
        let rollback = try history.beginSync(
            fixture.request(target.record.sourceCommit, configMaps("a"), trigger: .rollback(of: target.commit), time: start + 4),
            holding: lease)
        #expect(try history.pin() == rollback.pending)
        let rolledBack = try history.finishSync(rollback, result: .succeeded, counts: .init(pruned: 1), time: start + 5,
                                                holding: lease)
        #expect(rolledBack.record.rollbackOf == healthy.commit)
        #expect(try history.pin() == rolledBack)
        #expect(try fixture.sandbox.git("log", "-1", "--format=%s", "refs/ops/pin/prod")
            == "Roll back prod to \(fixture.sources[0].short): succeeded")

        let automatic = #expect(throws: StateError.self) {
            try history.beginSync(fixture.request(fixture.sources[2], [], trigger: .automatic, time: start + 6), holding: lease)
        }
        #expect(automatic?.code == .pinned)
        #expect(automatic?.message == "cannot sync 'prod' automatically: the rollback to \(fixture.sources[0].short) (deployment \(rolledBack.commit.short)) pinned it; an explicit 'git ops sync prod' lifts the pin")

        let explicit = try history.beginSync(fixture.request(fixture.sources[2], configMaps("c"), time: start + 7), holding: lease)
        #expect(try history.pin() == rolledBack, "the pin holds until the explicit sync ends")
        _ = try history.finishSync(explicit, result: .succeeded, counts: .init(applied: 1), time: start + 8, holding: lease)
        #expect(try history.pin() == nil)
        #expect(try fixture.repository.referenceTarget("refs/ops/pin/prod") == nil)
    }

    @Test("finishing a sync appends its event to the source commit's note")
    func notes() throws {
        let history = try fixture.history()
        let lease = try fixture.lease()
        let sync = try history.beginSync(fixture.request(fixture.sources[0], configMaps("a")), holding: lease)
        #expect(try DeploymentNotes(repository: fixture.repository).events(on: fixture.sources[0]).isEmpty)
        let final = try history.finishSync(sync, result: .succeeded, counts: .init(applied: 1), time: start + 1, holding: lease)
        #expect(try DeploymentNotes(repository: fixture.repository).events(on: fixture.sources[0]) == [DeploymentEvent(final)])
    }
}
