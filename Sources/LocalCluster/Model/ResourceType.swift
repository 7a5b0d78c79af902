import Manifests

/// One kind the server serves at one group-version: its URL name, kind, scope and subresources.
struct ResourceType: Sendable, Hashable {
    /// API group; empty for the core group.
    var group: String
    var version: String
    /// The plural resource name used in URLs (`deployments`).
    var plural: String
    var kind: String
    var singular: String
    var namespaced: Bool
    var shortNames: [String]
    var categories: [String]
    /// Subresource names: `status`, `scale`, `finalize`.
    var subresources: [String]
    var verbs: [String]
    var listKind: String
    /// Kinds that get `metadata.generation` (workload kinds, CRDs and every custom resource).
    var hasGeneration: Bool
    /// True for kinds defined by a CustomResourceDefinition.
    var isCustom: Bool
    /// Where `scale` reads and writes replicas (`.spec.replicas` unless a CRD says otherwise).
    var scaleSpecPath: [String]
    var scaleStatusPath: [String]
    var scaleSelectorPath: [String]?
    /// Printer columns a CRD declares (`additionalPrinterColumns`).
    var printerColumns: [PrinterColumn]
    /// What names the kind takes (`metadata.name`).
    var nameValidation: NameValidation
    /// The `openAPIV3Schema` a CRD declares for this version: what custom resources are pruned,
    /// defaulted and validated by.
    var openAPISchema: CustomResourceSchema?

    static let standardVerbs = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"]

    init(
        group: String, version: String, plural: String, kind: String, namespaced: Bool,
        shortNames: [String] = [], subresources: [String] = [], categories: [String] = [],
        singular: String? = nil, verbs: [String] = ResourceType.standardVerbs, listKind: String? = nil,
        hasGeneration: Bool = false, isCustom: Bool = false, nameValidation: NameValidation? = nil
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
        self.nameValidation = nameValidation ?? (isCustom ? .dnsSubdomain : NameValidation.builtin(group: group, kind: kind))
        self.scaleSpecPath = ["spec", "replicas"]
        self.scaleStatusPath = ["status", "replicas"]
        self.scaleSelectorPath = nil
        self.printerColumns = []
        self.openAPISchema = nil
    }

    /// `apps/v1`, or `v1` for the core group.
    var groupVersion: String { group.isEmpty ? version : "\(group)/\(version)" }

    /// `deployments.apps`, or `pods` for the core group: how errors name the resource.
    var groupResource: String { group.isEmpty ? plural : "\(plural).\(group)" }

    /// The storage key shared by every version of this resource (`apps/deployments`).
    var storageKey: String { "\(group)/\(plural)" }

    /// The URL prefix of the group-version (`/apis/apps/v1`, `/api/v1`).
    var pathPrefix: String { group.isEmpty ? "/api/\(version)" : "/apis/\(group)/\(version)" }

    var hasStatus: Bool { subresources.contains("status") }
    var hasScale: Bool { subresources.contains("scale") }
}

/// A column of a CRD's `additionalPrinterColumns`.
struct PrinterColumn: Sendable, Hashable {
    var name: String
    var type: String
    var jsonPath: String
    var priority: Int
    var description: String
}
