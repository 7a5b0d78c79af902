import FoundationEssentials
import Manifests

/// What is taken out of an object before it is compared: the fields the
/// API server writes for itself, which say nothing about whether the
/// object is as git says.
///
/// Defaulted fields are not listed here: the caller compares the live
/// object with the result of a server-side apply dry-run of the desired
/// one (Argo CD's server-side diff, Flux's `hasDrifted`), and the dry-run
/// result carries the same defaults, admission mutations and other
/// managers' fields as live, so they cancel out.
package enum DiffNormalization {
    /// `metadata` fields only the server writes.
    package static let serverMetadata = [
        "managedFields", "resourceVersion", "uid", "generation", "creationTimestamp", "selfLink",
        "deletionTimestamp", "deletionGracePeriodSeconds",
    ]

    /// Annotations left out of the comparison. kubectl's client-side apply
    /// record holds a copy of the whole object, Secret values included; Argo
    /// CD strips it from both sides for the same reasons.
    package static let ignoredAnnotations = ["kubectl.kubernetes.io/last-applied-configuration"]

    /// `object` without `status` and without server-owned metadata; a Secret's
    /// `stringData` is moved into `data` as the server does on write.
    package static func normalize(_ object: Node) -> Node {
        var object = object
        object.modifyMapping { mapping in
            mapping.removeValue(forKey: "status")
            guard let metadata = mapping.index(of: "metadata") else { return }
            mapping.entries[metadata].value.modifyMapping { fields in
                for field in serverMetadata { fields.removeValue(forKey: field) }
                guard let annotations = fields.index(of: "annotations") else { return }
                fields.entries[annotations].value.modifyMapping { entries in
                    for key in ignoredAnnotations { entries.removeValue(forKey: key) }
                }
                // An annotations mapping emptied here would show as `annotations: {}` on one side only.
                if fields.entries[annotations].value.mapping?.isEmpty == true { fields.entries.remove(at: annotations) }
            }
        }
        if isSecret(object) { moveStringData(&object) }
        return object
    }

    /// A core Secret, whose `data` is masked and whose `stringData` is written into `data`.
    package static func isSecret(_ object: Node) -> Bool {
        let id = Resource(object).id
        return id.group.isEmpty && id.kind == "Secret"
    }

    /// Argo CD's `NormalizeSecret`: each `stringData` string goes into
    /// `data` base64-encoded (over a `data` entry of the same key, as the
    /// server merges them); a value of another type is moved as it is, so the
    /// apply still fails as it would have.
    static func moveStringData(_ object: inout Node) {
        guard let stringData = object["stringData"]?.mapping else { return }
        var data = object["data"]?.mapping ?? Mapping()
        for entry in stringData.entries {
            if let text = entry.value.string {
                data[entry.key.value] = .string(Base64.encode(Array(text.utf8)))
            } else {
                data[entry.key.value] = entry.value
            }
        }
        object["stringData"] = nil
        object["data"] = .mapping(data)
    }
}
