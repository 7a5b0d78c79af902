import Manifests

/// One entry of `metadata.managedFields`: a manager, how it wrote, and the fields it owns.
struct ManagedFieldsEntry: Sendable, Equatable {
    var manager: String
    /// `Apply` or `Update`.
    var operation: String
    var apiVersion: String
    var time: String
    var subresource: String
    var fields: FieldSet

    init(manager: String, operation: String, apiVersion: String, time: String, subresource: String, fields: FieldSet) {
        self.manager = manager
        self.operation = operation
        self.apiVersion = apiVersion
        self.time = time
        self.subresource = subresource
        self.fields = fields
    }

    /// What makes two entries the same manager: Apply entries ignore the apiVersion.
    struct Identity: Hashable, Sendable {
        var manager: String
        var operation: String
        var subresource: String
        var apiVersion: String
    }

    var identity: Identity {
        Identity(manager: manager, operation: operation, subresource: subresource,
                 apiVersion: operation == "Apply" ? "" : apiVersion)
    }

    var isApply: Bool { operation == "Apply" }

    /// How a conflict message names this manager.
    var conflictName: String {
        var text = "\"\(manager)\""
        if !subresource.isEmpty { text += " with subresource \"\(subresource)\"" }
        if !isApply { text += " using \(apiVersion)" }
        return text
    }

    init?(node: Node) {
        guard let mapping = node.mapping, let manager = mapping["manager"]?.string else { return nil }
        self.manager = manager
        operation = mapping["operation"]?.string ?? "Update"
        apiVersion = mapping["apiVersion"]?.string ?? ""
        time = mapping["time"]?.string ?? ""
        subresource = mapping["subresource"]?.string ?? ""
        fields = mapping["fieldsV1"].map { FieldSet(fieldsV1: $0) } ?? FieldSet()
    }

    var node: Node {
        var mapping = Mapping()
        mapping["manager"] = .string(manager)
        mapping["operation"] = .string(operation)
        mapping["apiVersion"] = .string(apiVersion)
        mapping["time"] = .string(time)
        mapping["fieldsType"] = .string("FieldsV1")
        mapping["fieldsV1"] = fields.fieldsV1
        if !subresource.isEmpty { mapping["subresource"] = .string(subresource) }
        return .mapping(mapping)
    }

    /// The entries of an object's `metadata.managedFields`.
    static func entries(of object: Node?) -> [ManagedFieldsEntry] {
        object?[path: ["metadata", "managedFields"]]?.sequence?.compactMap(ManagedFieldsEntry.init(node:)) ?? []
    }
}

/// An apply that would take fields other managers own, grouped by manager.
struct ApplyConflict: Error, Sendable {
    var conflicts: [(manager: String, paths: [FieldPath])]

    /// The message upstream's `conflict.go` writes.
    var message: String {
        let count = conflicts.reduce(0) { $0 + $1.paths.count }
        var text = "Apply failed with \(count) conflict\(count == 1 ? "" : "s"): "
        if count == 1, let only = conflicts.first, let path = only.paths.first {
            text += "conflict with \(only.manager): \(path.conflictText)"
            return text
        }
        text += conflicts.map { group in
            "conflicts with \(group.manager):\n" + group.paths.map { "- " + $0.conflictText }.joined(separator: "\n")
        }.joined(separator: "\n")
        return text
    }

    /// The conflicts on paths outside `allowed` (upstream's `conflictsDifference`).
    func removing(_ allowed: FieldSet) -> ApplyConflict {
        ApplyConflict(conflicts: conflicts.compactMap { group in
            let paths = group.paths.filter { !allowed.contains($0) }
            return paths.isEmpty ? nil : (group.manager, paths)
        })
    }

    /// One cause per conflicting field, as `details.causes`.
    var causes: [(message: String, field: String)] {
        conflicts.flatMap { group in group.paths.map { ("conflict with \(group.manager)", $0.conflictText) } }
    }
}
