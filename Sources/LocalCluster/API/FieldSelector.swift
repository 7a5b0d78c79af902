import Manifests

/// A field selector: `metadata.name=x,status.phase!=Running`, limited to the fields the API server supports.
struct FieldSelector: Sendable {
    var requirements: [(field: String, value: String, equal: Bool)] = []

    static let commonFields: Set<String> = ["metadata.name", "metadata.namespace"]
    static let kindFields: [String: Set<String>] = [
        "Event": ["involvedObject.kind", "involvedObject.namespace", "involvedObject.name", "involvedObject.uid",
                  "involvedObject.apiVersion", "involvedObject.resourceVersion", "involvedObject.fieldPath",
                  "reason", "reportingComponent", "source", "type"],
        "Pod": ["spec.nodeName", "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName",
                "spec.hostNetwork", "status.phase", "status.podIP", "status.nominatedNodeName"],
        "Secret": ["type"],
        "Job": ["status.successful"],
        "Namespace": ["status.phase"],
        "ReplicaSet": ["status.replicas"],
        "Node": ["spec.unschedulable"],
    ]

    init() {}

    init(parsing text: String, kind: String) throws {
        for part in text.split(separator: ",") {
            let term = String(part).trimmingSpaces
            let equal: Bool
            let range: Range<String.Index>
            if let found = term.firstRange(of: "!=") {
                equal = false
                range = found
            } else if let found = term.firstRange(of: "==") ?? term.firstRange(of: "=") {
                equal = true
                range = found
            } else {
                throw APIError.badRequest("invalid selector: '\(text)'; can't understand '\(term)'")
            }
            let field = String(term[..<range.lowerBound]).trimmingSpaces
            guard Self.commonFields.contains(field) || Self.kindFields[kind]?.contains(field) == true else {
                throw APIError.badRequest("field label not supported: \(field)")
            }
            requirements.append((field, String(term[range.upperBound...]).trimmingSpaces, equal))
        }
    }

    var isEmpty: Bool { requirements.isEmpty }

    func matches(_ object: Node) -> Bool {
        requirements.allSatisfy { requirement in
            let value = object[path: requirement.field.split(separator: ".").map(String.init)]?.text ?? ""
            return (value == requirement.value) == requirement.equal
        }
    }
}
