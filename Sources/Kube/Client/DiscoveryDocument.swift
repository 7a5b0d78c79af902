import Manifests

/// The discovery documents of an API server, read as client-go reads them: aggregated
/// (`APIGroupDiscoveryList`, one answer each for `/api` and `/apis`) or legacy (`APIVersions`
/// and `APIGroupList`, then one `APIResourceList` per group-version). Subresources
/// (`deployments/status`) are left out: nothing is applied to them by kind.
enum DiscoveryDocument {
    /// kubectl's `Accept` for `/api` and `/apis`: aggregated v2, v2beta1, else legacy JSON.
    static let aggregatedAccept = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,"
        + "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json"

    /// Whether an answer's `Content-Type` is the aggregated form.
    static func isAggregated(contentType: String?) -> Bool {
        contentType?.contains("as=APIGroupDiscoveryList") == true
    }

    /// The resources of an `APIGroupDiscoveryList`; a group's first version is its preferred one.
    static func aggregated(_ document: Node) -> [APIResource] {
        var resources: [APIResource] = []
        for group in document["items"]?.sequence ?? [] {
            let name = group[path: ["metadata", "name"]]?.text ?? ""
            for (index, version) in (group["versions"]?.sequence ?? []).enumerated() {
                guard let versionName = version["version"]?.text else { continue }
                for resource in version["resources"]?.sequence ?? [] {
                    guard let plural = resource["resource"]?.text, let kind = resource[path: ["responseKind", "kind"]]?.text,
                          !kind.isEmpty else { continue }
                    resources.append(APIResource(kind: GroupVersionKind(group: name, version: versionName, kind: kind), name: plural,
                                                 namespaced: resource["scope"]?.text == "Namespaced",
                                                 verbs: resource["verbs"]?.sequence?.compactMap(\.text) ?? [], preferred: index == 0))
                }
            }
        }
        return resources
    }

    /// The group-versions of a legacy `/api` (`APIVersions`) answer: the core group's.
    static func coreVersions(_ document: Node) -> [(group: String, version: String, preferred: Bool)] {
        (document["versions"]?.sequence ?? []).enumerated().compactMap { index, version in
            version.text.map { ("", $0, index == 0) }
        }
    }

    /// The group-versions of a legacy `/apis` (`APIGroupList`) answer, every version of every group.
    static func groupVersions(_ document: Node) -> [(group: String, version: String, preferred: Bool)] {
        var versions: [(String, String, Bool)] = []
        for group in document["groups"]?.sequence ?? [] {
            guard let name = group["name"]?.text else { continue }
            let preferred = group[path: ["preferredVersion", "version"]]?.text
            for version in group["versions"]?.sequence ?? [] {
                guard let version = version["version"]?.text else { continue }
                versions.append((name, version, version == preferred))
            }
        }
        return versions
    }

    /// The resources of one `APIResourceList`.
    static func resourceList(_ document: Node, group: String, version: String, preferred: Bool) -> [APIResource] {
        (document["resources"]?.sequence ?? []).compactMap { resource in
            guard let name = resource["name"]?.text, !name.contains("/"), let kind = resource["kind"]?.text else { return nil }
            return APIResource(kind: GroupVersionKind(group: group, version: version, kind: kind), name: name,
                               namespaced: resource["namespaced"]?.text == "true",
                               verbs: resource["verbs"]?.sequence?.compactMap(\.text) ?? [], preferred: preferred)
        }
    }
}
