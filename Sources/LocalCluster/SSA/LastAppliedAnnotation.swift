import Manifests

/// kubectl's `last-applied-configuration` annotation as the apiserver's field manager treats it
/// when kubectl moves an object from client-side to server-side apply (apimachinery's
/// `lastAppliedManager` and `lastAppliedUpdater`, 1.32).
///
/// Both act only for the field manager `kubectl` (`kubectl apply --server-side`); another
/// manager opts out, as upstream says.
enum LastAppliedAnnotation {
    static let name = "kubectl.kubernetes.io/last-applied-configuration"
    /// The manager whose applies upgrade from, and keep up to date, the annotation.
    static let upgradingManager = "kubectl"

    /// `lastAppliedManager`: the conflicts an apply by kubectl may override without
    /// `--force-conflicts`: fields the annotation lists with the value the object still has, which
    /// kubectl's client-side apply set (whichever manager holds them now). `nil` when the object
    /// has no annotation, or one of another version.
    static func allowedConflicts(live: Node, apiVersion: String, walker: FieldWalker) -> FieldSet? {
        guard let text = live[path: ["metadata", "annotations", name]]?.text, !text.isEmpty,
              let lastApplied = try? JSON.parse(Array(text.utf8)),
              lastApplied["apiVersion"]?.string == apiVersion else { return nil }
        let current = walker.leaves(of: live)
        var allowed = FieldSet()
        for (path, value) in walker.leaves(of: lastApplied) where current[path] == value { allowed.insert(path) }
        return allowed
    }

    /// `lastAppliedUpdater`: after an apply by kubectl, an object that has the annotation gets the
    /// applied configuration in it, as kubectl's client-side apply would have written it; when
    /// that would pass the annotations' size limit the annotation is dropped instead.
    static func updated(_ object: Node, applied config: Node, manager: String) -> Node {
        guard manager == upgradingManager,
              let current = object[path: ["metadata", "annotations", name]]?.text, !current.isEmpty else { return object }
        var object = object
        object[path: ["metadata", "annotations", name]] = .string(encoded(config))
        if !Validator.annotationsFit(object) {
            object[path: ["metadata", "annotations", name]] = nil
        }
        return object
    }

    /// The configuration without the annotation itself, as Go's `json.Encoder` writes it
    /// (`runtime.Encode` of an Unstructured): keys sorted, HTML escaped, a newline at the end.
    static func encoded(_ config: Node) -> String {
        var config = config
        if config[path: ["metadata", "annotations", name]] != nil {
            config[path: ["metadata", "annotations", name]] = nil
        }
        return ((try? JSON.serialize(config, options: .goMarshal)) ?? "") + "\n"
    }
}
