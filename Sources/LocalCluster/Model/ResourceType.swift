/// One kind the server serves at one group-version: its URL name, kind, scope and subresources.
package struct ResourceType: Sendable, Hashable {
    /// API group; empty for the core group.
    package var group: String
    package var version: String
    /// The plural resource name used in URLs (`deployments`).
    package var plural: String
    package var kind: String
    package var singular: String
    package var namespaced: Bool
    package var shortNames: [String]
    package var categories: [String]
    /// Subresource names: `status`, `scale`, `finalize`.
    package var subresources: [String]
    package var verbs: [String]
    package var listKind: String
    /// Kinds that get `metadata.generation` (workload kinds, CRDs and every custom resource).
    package var hasGeneration: Bool
    /// True for kinds defined by a CustomResourceDefinition.
    package var isCustom: Bool
    /// Where `scale` reads and writes replicas (`.spec.replicas` unless a CRD says otherwise).
    package var scaleSpecPath: [String]
    package var scaleStatusPath: [String]
    package var scaleSelectorPath: [String]?
    /// Printer columns a CRD declares (`additionalPrinterColumns`).
    package var printerColumns: [PrinterColumn]

    static let standardVerbs = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"]

    package init(
        group: String, version: String, plural: String, kind: String, namespaced: Bool,
        shortNames: [String] = [], subresources: [String] = [], categories: [String] = [],
        singular: String? = nil, verbs: [String] = ResourceType.standardVerbs, listKind: String? = nil,
        hasGeneration: Bool = false, isCustom: Bool = false
    ) {
        self.group = group
        self.version = version
        self.plural = plural
        self.kind = kind
        self.singular = singular ?? kind.lowercased()
        self.namespaced = namespaced
        self.shortNames = shortNames
        self.categories = categories
        self.subresources = subresources
        self.verbs = verbs
        self.listKind = listKind ?? kind + "List"
        self.hasGeneration = hasGeneration
        self.isCustom = isCustom
        self.scaleSpecPath = ["spec", "replicas"]
        self.scaleStatusPath = ["status", "replicas"]
        self.scaleSelectorPath = nil
        self.printerColumns = []
    }

    /// `apps/v1`, or `v1` for the core group.
    package var groupVersion: String { group.isEmpty ? version : "\(group)/\(version)" }

    /// `deployments.apps`, or `pods` for the core group: how errors name the resource.
    package var groupResource: String { group.isEmpty ? plural : "\(plural).\(group)" }

    /// The storage key shared by every version of this resource (`apps/deployments`).
    package var storageKey: String { "\(group)/\(plural)" }

    /// The URL prefix of the group-version (`/apis/apps/v1`, `/api/v1`).
    package var pathPrefix: String { group.isEmpty ? "/api/\(version)" : "/apis/\(group)/\(version)" }

    package var hasStatus: Bool { subresources.contains("status") }
    package var hasScale: Bool { subresources.contains("scale") }
}

/// A column of a CRD's `additionalPrinterColumns`.
package struct PrinterColumn: Sendable, Hashable {
    package var name: String
    package var type: String
    package var jsonPath: String
    package var priority: Int
    package var description: String
}
