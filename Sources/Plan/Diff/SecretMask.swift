import Manifests

/// Hides the values of a Secret's `data` in what a diff prints, after Argo
/// CD's `HideSecretData` (gitops-engine `pkg/diff/diff.go`): every value
/// becomes a run of `+`, eight long for the first distinct value of a key
/// and four longer for each further one. Two sides with the same value for a
/// key show the same run, and a changed value a run of another length, so a
/// change is seen without the value, or its length, being shown.
package enum SecretMask {
    /// The first mask, Argo CD's `replacement`.
    package static let firstMask = "++++++++"

    /// `desired` and `live` with each `data` value replaced by its mask.
    /// Masks are given per key in the order desired, then live, as Argo CD
    /// gives them in the order target, live. Objects that are not core
    /// Secrets are returned unchanged; call this after `DiffNormalization`,
    /// which moves `stringData` into `data`.
    package static func hide(desired: Node?, live: Node?) -> (desired: Node?, live: Node?) {
        let sides = [desired, live]
        guard sides.contains(where: { $0.map(DiffNormalization.isSecret) ?? false }) else { return (desired, live) }
        var masks: [String: [String: String]] = [:]  // key → value → mask
        var masked = sides
        for side in masked.indices {
            guard var object = masked[side], DiffNormalization.isSecret(object),
                  var data = object["data"]?.mapping else { continue }
            for index in data.entries.indices {
                let key = data.entries[index].key.value
                let value = data.entries[index].value.text ?? ""
                var known = masks[key, default: [:]]
                let mask = known[value] ?? firstMask + String(repeating: "++++", count: known.count)
                known[value] = mask
                masks[key] = known
                data.entries[index].value = .string(mask)
            }
            object["data"] = .mapping(data)
            masked[side] = object
        }
        return (masked[0], masked[1])
    }
}
