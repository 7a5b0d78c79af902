import FoundationEssentials
#if canImport(Glibc)
import Glibc
#endif
import Manifests

/// Reads and merges kubeconfig files the way kind does: one cluster, user and context named
/// after the local cluster, replaced in place when present, and made current.
package enum Kubeconfig {
    /// The context (and cluster and user) name.
    package static let contextName = "git-ops-local"

    /// The file to write: the first entry of `$KUBECONFIG`, else `~/.kube/config`.
    package static func defaultPath(environment: [String: String]) -> String {
        if let list = environment["KUBECONFIG"], let first = list.split(separator: ":").first, !first.isEmpty {
            return String(first)
        }
        let home = environment["HOME"] ?? FileManager.default.homeDirectoryForCurrentUser.path
        return home + "/.kube/config"
    }

    /// A kubeconfig that holds only the local cluster.
    package static func standalone(server: String) -> Node {
        merge(into: nil, server: server)
    }

    /// `existing` with the local cluster's entries added or replaced and made the current context.
    package static func merge(into existing: Node?, server: String) -> Node {
        var config = existing?.mapping != nil ? existing ?? .emptyMapping : .emptyMapping
        config.setDefault("apiVersion", .string("v1"))
        config.setDefault("kind", .string("Config"))
        config["preferences"] = config["preferences"] ?? .emptyMapping
        upsert(&config, list: "clusters", entry: .mapping(Mapping([
            "cluster": .mapping(Mapping(["server": .string(server)])), "name": .string(contextName),
        ])))
        upsert(&config, list: "contexts", entry: .mapping(Mapping([
            "context": .mapping(Mapping(["cluster": .string(contextName), "user": .string(contextName)])),
            "name": .string(contextName),
        ])))
        upsert(&config, list: "users", entry: .mapping(Mapping([
            "name": .string(contextName), "user": .emptyMapping,
        ])))
        config["current-context"] = .string(contextName)
        return config
    }

    /// `existing` without the local cluster's entries (the current context is cleared if it was ours).
    package static func remove(from existing: Node) -> Node {
        var config = existing
        for list in ["clusters", "contexts", "users"] {
            if let items = config[list]?.sequence {
                config[list] = .sequence(items.filter { $0["name"]?.string != contextName })
            }
        }
        if config["current-context"]?.string == contextName { config["current-context"] = .string("") }
        return config
    }

    private static func upsert(_ config: inout Node, list: String, entry: Node) {
        var items = config[list]?.sequence ?? []
        if let index = items.firstIndex(where: { $0["name"]?.string == contextName }) {
            items[index] = entry
        } else {
            items.append(entry)
        }
        config[list] = .sequence(items)
    }

    /// Reads a kubeconfig file; `nil` when it does not exist.
    package static func read(_ path: String) throws -> Node? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return try YAMLParser(source: path).parse(Array(data)).first
    }

    /// Writes a kubeconfig file (mode 0600, directories created), replacing it atomically.
    package static func write(_ config: Node, to path: String) throws {
        let slash = path.lastIndex(of: "/")
        let directory = slash.map { $0 == path.startIndex ? "/" : String(path[..<$0]) } ?? "."
        try ClusterFiles.makeDirectory(directory, code: .write, failure: "cannot make the directory of '\(path)'")
        try ClusterFiles.write(Array(try YAMLEmitter.document(config).utf8), to: path, mode: 0o600)
    }
}
