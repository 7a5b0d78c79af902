import TestSupport
import Git
import Testing
@testable import State

@Suite("DeploymentNotes")
struct DeploymentNotesTests {
    let fixture: StateFixture
    let notes: DeploymentNotes

    init() throws {
        fixture = try StateFixture()
        notes = DeploymentNotes(repository: fixture.repository)
    }

    func event(_ minute: Int64, _ environment: String, source: Int = 0, rollbackOf: ObjectID? = nil) -> DeploymentEvent {
        DeploymentEvent(
            time: StateFixture.start + 60 * minute, environment: environment, cluster: "\(environment)-eu",
            result: .succeeded, deployment: fixture.sources[2], sourceCommit: fixture.sources[source],
            syncedBy: "ada@example.com", rollbackOf: rollbackOf)
    }

    @Test("writes one JSON line per event, time first, and reads it back")
    func jsonLine() throws {
        let plain = event(0, "prod")
        #expect(try plain.jsonLine() == #"{"time":"2027-01-15T08:00:00Z","env":"prod","cluster":"prod-eu","result":"succeeded","deployment":"\#(fixture.sources[2].hex)","source":"\#(fixture.sources[0].hex)","by":"ada@example.com"}"#)
        let rollback = event(1, "prod", rollbackOf: fixture.sources[1])
        #expect(try rollback.jsonLine().hasSuffix(#","by":"ada@example.com","rollbackOf":"\#(fixture.sources[1].hex)"}"#))
        for event in [plain, rollback] { #expect(DeploymentEvent(jsonLine: try event.jsonLine()) == event) }
        // A name with a newline stays on one line.
        var odd = plain
        odd.syncedBy = "two\nlines"
        #expect(try !odd.jsonLine().contains("\n"))
        #expect(DeploymentEvent(jsonLine: try odd.jsonLine()) == odd)
    }

    @Test("skips lines that are not events", arguments: ["", "plain text", "{}", #"{"time":"yesterday"}"#, "[1]"])
    func skipsForeignLines(line: String) {
        #expect(DeploymentEvent(jsonLine: line) == nil)
    }

    @Test("appends events to the source commit's note, which git log --notes=ops shows")
    func appendsAndShows() throws {
        try notes.append(event(0, "dev"))
        try notes.append(event(5, "prod"))
        #expect(try notes.events(on: fixture.sources[0]) == [event(0, "dev"), event(5, "prod")])
        #expect(try notes.events(on: fixture.sources[1]).isEmpty)
        let shown = try fixture.sandbox.git("log", "--notes=ops", "-1", "--format=%N", fixture.sources[0].hex)
        #expect(shown == (try event(0, "dev").jsonLine()) + "\n" + (try event(5, "prod").jsonLine()) + "\n")
        let log = try fixture.sandbox.git("log", "--notes=ops", "-1", fixture.sources[0].hex)
        #expect(log.contains("Notes (ops):\n    {\"time\":\"2027-01-15T08:00:00Z\",\"env\":\"dev\""))
    }

    @Test("a push line sits in the same note as deployments, each reader taking only its own lines")
    func pushLines() throws {
        let push = PushEvent(time: StateFixture.start + 30, environment: "dev", reference: "refs/heads/main", old: nil,
                             new: fixture.sources[0], pusher: "bob")
        #expect(try push.jsonLine() == #"{"time":"2027-01-15T08:00:30Z","env":"dev","push":"refs/heads/main","old":"\#(String(repeating: "0", count: 40))","new":"\#(fixture.sources[0].hex)","by":"bob"}"#)
        var skipped = push
        skipped.old = fixture.sources[1]
        skipped.skip = ("hotfix", ["render", "owners"])
        #expect(try skipped.jsonLine().hasSuffix(#""by":"bob","skip":"hotfix","bypassed":["render","owners"]}"#))
        for event in [push, skipped] { #expect(PushEvent(jsonLine: try event.jsonLine()) == event) }
        try notes.append(event(0, "dev"))
        try notes.append(push)
        try notes.append(skipped)
        #expect(try notes.events(on: fixture.sources[0]) == [event(0, "dev")])
        #expect(try notes.pushes(on: fixture.sources[0]) == [push, skipped])
        #expect(PushEvent(jsonLine: try event(0, "dev").jsonLine()) == nil)
    }

    @Test("merges fetched notes into refs/notes/ops exactly as git notes merge -s cat_sort_uniq, in time order")
    func mergesLikeGit() throws {
        try notes.append(event(0, "prod"))
        // Another clone records its own events on the same and another source commit.
        try fixture.sandbox.git("clone", "-q", "--no-local", "repo", "other", in: "")
        try fixture.sandbox.git("fetch", "-q", "../repo", "refs/notes/ops:refs/notes/ops", in: "other")
        let other = DeploymentNotes(repository: try Repository(at: fixture.sandbox.path("other")))
        try other.append(event(3, "dev"))
        try other.append(event(4, "dev", source: 1))
        // Meanwhile here: an event between theirs.
        try notes.append(event(2, "staging"))
        try notes.append(event(6, "prod", source: 1))

        let remote = StateLayout.remoteNotesReference("origin")
        #expect(remote == "refs/notes/remotes/origin/ops")
        try fixture.sandbox.git("fetch", "-q", "../other", "refs/notes/ops:\(remote)")
        try fixture.sandbox.git("update-ref", "refs/notes/by-git", "refs/notes/ops")
        try fixture.sandbox.git("notes", "--ref=by-git", "merge", "-q", "-s", "cat_sort_uniq", remote)

        guard case .merged = try notes.merge(from: remote) else { Issue.record("expected a merge commit"); return }
        #expect(try fixture.sandbox.git("notes", "--ref=ops", "list") == (try fixture.sandbox.git("notes", "--ref=by-git", "list")))
        #expect(try notes.events(on: fixture.sources[0]) == [event(0, "prod"), event(2, "staging"), event(3, "dev")])
        #expect(try notes.events(on: fixture.sources[1]) == [event(4, "dev", source: 1), event(6, "prod", source: 1)])
        #expect(try notes.merge(from: remote) == .alreadyUpToDate)
    }
}
