import Manifests

/// Whether a live object already holds every field of a desired one, with the
/// same value: the test that lets a sync leave an object it applied before
/// without asking the server for a dry-run.
///
/// It is deliberately strict, so that it can only err towards asking the
/// server: a mapping is covered when each of its keys is, a sequence only when
/// it has as many items and each is covered in turn, and a scalar only when
/// text and tag are equal (`0.5` against the server's `500m`, or `"80"` against
/// `80`, is not covered). It cannot see a field the desired object dropped:
/// the caller uses it only for objects whose desired form is the one last
/// applied.
package enum LiveCoverage {
    /// True when every field of `desired` is in `live` with an equal value.
    package static func covers(_ live: Node, _ desired: Node) -> Bool {
        switch (live, desired) {
        case (.scalar(let have), .scalar(let want)):
            return have.value == want.value && have.tag == want.tag
        case (.mapping(let have), .mapping(let want)):
            guard have.count > 16 else {
                return want.entries.allSatisfy { entry in have[entry.key.value].map { covers($0, entry.value) } ?? false }
            }
            // A large mapping (a ConfigMap's data) is looked up by key, not searched.
            var byKey: [String: Node] = [:]
            for entry in have.entries { byKey[entry.key.value] = entry.value }
            return want.entries.allSatisfy { entry in byKey[entry.key.value].map { covers($0, entry.value) } ?? false }
        case (.sequence(let have), .sequence(let want)):
            guard have.count == want.count else { return false }
            return zip(have, want).allSatisfy { covers($0, $1) }
        default:
            return false
        }
    }
}
