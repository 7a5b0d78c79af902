/// A kind as a filter writes it (`Pod`, `v1/Pod`, `apps/v1/Deployment`,
/// `apps/*/Deployment`, `Pod/status`), read as `kube.ParseKindSelector`
/// reads it: group, version, kind and subresource, `*` where not written.
struct KindSelector: Equatable, Sendable {
    var group: String
    var version: String
    var kind: String
    var subresource: String

    init(_ text: String) {
        var parts = text.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        if let last = parts.popLast() {
            parts += last.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        }
        switch parts.count {
        case 1:
            (group, version, kind, subresource) = ("*", "*", parts[0], "")
        case 2:
            if parts[0] == "*" && parts[1] == "*" {
                (group, version, kind, subresource) = ("*", "*", "*", "*")
            } else if parts[0] == "*" && parts[1].lowercased() == parts[1] {
                (group, version, kind, subresource) = ("*", "*", parts[0], parts[1])
            } else if Self.isVersion(parts[0]) {
                (group, version, kind, subresource) = ("*", parts[0], parts[1], "")
            } else {
                (group, version, kind, subresource) = ("*", "*", parts[0], parts[1])
            }
        case 3:
            if Self.isVersion(parts[0]) {
                (group, version, kind, subresource) = ("*", parts[0], parts[1], parts[2])
            } else {
                (group, version, kind, subresource) = (parts[0], parts[1], parts[2], "")
            }
        case 4:
            (group, version, kind, subresource) = (parts[0], parts[1], parts[2], parts[3])
        default:
            (group, version, kind, subresource) = ("", "", "", "")
        }
    }

    /// `v1`, `v2beta1`, `v1alpha3` or `*`.
    static func isVersion(_ text: String) -> Bool {
        if text == "*" { return true }
        var rest = Substring(text)
        guard rest.first == "v" else { return false }
        rest = rest.dropFirst()
        let major = rest.prefix { $0.isASCII && $0.isNumber }
        guard !major.isEmpty else { return false }
        rest = rest.dropFirst(major.count)
        if rest.isEmpty { return true }
        for stage in ["alpha", "beta"] where rest.hasPrefix(stage) {
            let minor = rest.dropFirst(stage.count)
            return !minor.isEmpty && minor.allSatisfy { $0.isASCII && $0.isNumber }
        }
        return false
    }

    /// True when an object of this group, version and kind (no subresource) is selected.
    func selects(group objectGroup: String, version objectVersion: String, kind objectKind: String) -> Bool {
        Wildcard.match(group, objectGroup) && Wildcard.match(version, objectVersion) && Wildcard.match(kind, objectKind)
            && Wildcard.match(subresource, "")
    }
}
