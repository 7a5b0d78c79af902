import Manifests

/// One entry of an object's `status.conditions`, as kstatus reads it
/// (`BasicCondition`): every field as text, absent fields empty.
package struct Condition: Sendable, Equatable {
    /// `Ready`, `Available`, `Progressing`, ...
    package var type: String
    /// `True`, `False` or `Unknown`.
    package var status: String
    /// The condition's one-word reason, `MinimumReplicasAvailable`.
    package var reason: String
    /// The condition's sentence for people.
    package var message: String

    /// A condition from its fields.
    package init(type: String, status: String, reason: String = "", message: String = "") {
        self.type = type
        self.status = status
        self.reason = reason
        self.message = message
    }

    /// The conditions of `object`, in the order it lists them; entries that
    /// are not mappings are passed over.
    package static func all(in object: Node) -> [Condition] {
        guard let items = object[path: ["status", "conditions"]]?.sequence else { return [] }
        return items.compactMap { item in
            guard item.mapping != nil else { return nil }
            return Condition(
                type: item["type"]?.text ?? "",
                status: item["status"]?.text ?? "",
                reason: item["reason"]?.text ?? "",
                message: item["message"]?.text ?? ""
            )
        }
    }

    /// The first condition of `type` whose status is `status`, as kstatus's `getConditionWithStatus`.
    static func first(_ type: String, status: String, in conditions: [Condition]) -> Condition? {
        conditions.first { $0.type == type && $0.status == status }
    }
}
