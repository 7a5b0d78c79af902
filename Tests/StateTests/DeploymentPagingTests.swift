import TestSupport
import Git
import Testing
@testable import State

@Suite("Paging through a deployment history")
struct DeploymentPagingTests {
    let fixture: StateFixture

    init() throws { fixture = try StateFixture() }

    /// Writes `count` succeeded records of prod with git fast-import (one tree for all), then `missing`
    /// more on top whose tree does not exist, so that reading any of their trees fails. The oldest
    /// record's parent does not exist either: a walk through the whole history fails there.
    func longHistory(count: Int, missing: Int) throws -> [ObjectID] {
        let emptyTree = try fixture.sandbox.git("mktree", input: "")
        let base = try fixture.record(fixture.sources[0], .succeeded, time: StateFixture.start - 1).message()
        let baseText = "tree \(emptyTree)\nparent \(String(repeating: "2", count: 40))\n"
            + "author Cy <cy@example.com> \(StateFixture.start - 1) +0000\ncommitter Cy <cy@example.com> \(StateFixture.start - 1) +0000\n\n\(base)"
        let root = try fixture.sandbox.git("hash-object", "-t", "commit", "-w", "--literally", "--stdin", input: baseText)
        var stream = ""
        for index in 0..<count {
            let message = try fixture.record(fixture.sources[index % 3], .succeeded, time: StateFixture.start + Int64(index)).message()
            stream += "commit refs/ops/deploy/prod\nmark :\(index + 1)\n"
            stream += "committer Cy <cy@example.com> \(StateFixture.start + Int64(index)) +0000\n"
            stream += "data \(message.utf8.count)\n\(message)\n"
            if index == 0 { stream += "from \(root)\nM 100644 inline shop/core/ConfigMap/a.yaml\ndata 2\na\n\n" }
        }
        try fixture.sandbox.git("fast-import", "--quiet", input: stream)
        var parent = try fixture.sandbox.git("rev-parse", "refs/ops/deploy/prod")
        var tops: [ObjectID] = []
        for index in count..<(count + missing) {
            let time = StateFixture.start + Int64(index)
            let message = try fixture.record(fixture.sources[index % 3], .succeeded, time: time).message()
            let text = "tree \(String(repeating: "1", count: 40))\nparent \(parent)\n"
                + "author Cy <cy@example.com> \(time) +0000\ncommitter Cy <cy@example.com> \(time) +0000\n\n\(message)"
            parent = try fixture.sandbox.git("hash-object", "-t", "commit", "-w", "--literally", "--stdin", input: text)
            tops.insert(try #require(ObjectID(hex: parent)), at: 0)
        }
        try fixture.sandbox.git("update-ref", "refs/ops/deploy/prod", parent)
        return tops
    }

    @Test("lists the first 20 of 10,000 records from commits alone, without reading a tree or walking further")
    func firstPageOfTenThousand() throws {
        let tops = try longHistory(count: 9_975, missing: 25)
        let history = try fixture.history()
        // A walk to the end fails at the oldest record's missing parent; the first page must not go there.
        #expect(throws: GitError.self) { _ = try history.first { _ in false } }
        let page = try history.page(limit: 20)
        #expect(page.deployments.map(\.commit) == Array(tops.prefix(20)))
        #expect(page.next == tops[20])
        #expect(page.deployments.allSatisfy { $0.record.result == .succeeded })
        // The trees of those records do not exist: reading one fails.
        #expect(throws: GitError.self) { try history.inventory(of: page.deployments[0]) }

        let second = try history.page(from: page.next, limit: 20)
        #expect(second.deployments.map(\.commit).prefix(5) == tops.suffix(5)[...])
        #expect(second.deployments.count == 20)
        #expect(try history.latest()?.commit == tops[0])
    }

    @Test("folds each finished pending record away across page boundaries, and ends at the first record")
    func foldsAcrossPages() throws {
        let history = try fixture.history()
        let lease = try fixture.lease()
        var finals: [Deployment] = []
        for (index, source) in fixture.sources.enumerated() {
            let time = StateFixture.start + Int64(10 * index)
            let sync = try history.beginSync(fixture.request(source, [], time: time), holding: lease)
            finals.insert(try history.finishSync(sync, result: .succeeded, counts: .init(), time: time + 1, holding: lease), at: 0)
        }
        var listed: [Deployment] = []
        var next: ObjectID? = try fixture.repository.referenceTarget("refs/ops/deploy/prod")
        while let start = next {
            let page = try history.page(from: start, limit: 1)
            listed += page.deployments
            next = page.next
        }
        #expect(listed == finals)
        #expect(try fixture.sandbox.git("rev-list", "--count", "refs/ops/deploy/prod") == "6")
    }
}
