import Git
import Manifests

/// One accepted push to an environment's branch, as a line of JSON in the
/// note of the pushed commit on `refs/notes/ops`, written by the post-receive
/// hook beside the deployment lines:
///
///     {"time":"2026-12-01T10:14:02Z","env":"prod","push":"refs/heads/main","old":"…","new":"…","by":"ada"}
///
/// A push that a user of `skipAllowed` let through with `-o ops.skip` adds
/// `skip` (the reason given) and `bypassed` (the rules that failed). `time`
/// comes first for `cat_sort_uniq`, as in `DeploymentEvent`; a push line has
/// no `deployment`, so readers of deployment lines skip it.
package struct PushEvent: Sendable, Equatable {
    /// When the hook recorded the push, in seconds since 1970.
    package var time: Int64
    /// The environment deployed from the branch (`env`).
    package var environment: String
    /// The branch's full reference name (`push`).
    package var reference: String
    /// The commit the branch pointed at before, `nil` for a new branch (`old`, all zeros).
    package var old: ObjectID?
    /// The pushed commit, which the note is on (`new`).
    package var new: ObjectID
    /// Who pushed, as the server named them (`by`).
    package var pusher: String
    /// With `-o ops.skip`: the reason given, and the rules the push broke.
    package var skip: (reason: String, rules: [String])?

    package init(time: Int64, environment: String, reference: String, old: ObjectID?, new: ObjectID, pusher: String,
                 skip: (reason: String, rules: [String])? = nil) {
        self.time = time
        self.environment = environment
        self.reference = reference
        self.old = old
        self.new = new
        self.pusher = pusher
        self.skip = skip
    }

    package static func == (a: PushEvent, b: PushEvent) -> Bool {
        a.time == b.time && a.environment == b.environment && a.reference == b.reference && a.old == b.old
            && a.new == b.new && a.pusher == b.pusher && a.skip?.reason == b.skip?.reason && a.skip?.rules == b.skip?.rules
    }

    /// The event as one line of compact JSON, fields in the documented order.
    package func jsonLine() throws -> String {
        var fields = Mapping([
            "time": .string(UTCTime.format(time)), "env": .string(environment), "push": .string(reference),
            "old": .string(old?.hex ?? String(repeating: "0", count: 40)), "new": .string(new.hex), "by": .string(pusher),
        ])
        if let skip {
            fields["skip"] = .string(skip.reason)
            fields["bypassed"] = .sequence(skip.rules.map { .string($0) })
        }
        return try JSON.serialize(.mapping(fields))
    }

    /// The event a JSON line says, or `nil` for a line that is not a push (a deployment's, another tool's, or damaged).
    package init?(jsonLine: String) {
        guard let object = try? JSON.parse(jsonLine) else { return nil }
        func field(_ key: String) -> String? { object[key]?.string }
        guard let time = field("time").flatMap(UTCTime.parse), let environment = field("env"), let reference = field("push"),
              let oldText = field("old"), let new = field("new").flatMap(ObjectID.init(hex:)), let pusher = field("by")
        else { return nil }
        let old = oldText.allSatisfy { $0 == "0" } ? nil : ObjectID(hex: oldText)
        var skip: (String, [String])?
        if let reason = field("skip") {
            skip = (reason, object["bypassed"]?.sequence?.compactMap { $0.string } ?? [])
        }
        self.init(time: time, environment: environment, reference: reference, old: old, new: new, pusher: pusher, skip: skip)
    }
}

extension DeploymentNotes {
    /// Appends `event` as one line to the note of the pushed commit, keeping every line already there.
    package func append(_ event: PushEvent) throws {
        try repository.appendNoteLine(try event.jsonLine(), on: event.new, notesReference: reference)
    }

    /// The pushes recorded in the note of `commit`, in the note's order.
    package func pushes(on commit: ObjectID) throws -> [PushEvent] {
        guard let note = try repository.note(on: commit, notesReference: reference) else { return [] }
        return note.split(separator: "\n").compactMap { PushEvent(jsonLine: String($0)) }
    }
}
