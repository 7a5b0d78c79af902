import FoundationEssentials
import Manifests

/// Writing a context into a kubeconfig file as kind does: its cluster, user and context
/// added, or replaced in place, every other entry and field kept as it was, the context
/// made current; and removing them again.
extension Kubeconfig {
    /// A kubeconfig document that holds only `entry`, as current context.
    package static func document(with entry: KubeconfigEntry) -> Node {
        adding(entry, to: nil)
    }

    /// `document` with `entry`'s cluster, user and context added or replaced, and made current.
    package static func adding(_ entry: KubeconfigEntry, to document: Node?) -> Node {
        var config = document?.mapping != nil ? document ?? .emptyMapping : .emptyMapping
        if config["apiVersion"] == nil { config["apiVersion"] = .string("v1") }
        if config["kind"] == nil { config["kind"] = .string("Config") }
        if config["preferences"] == nil { config["preferences"] = .emptyMapping }
        var cluster = Mapping()
        if let authority = entry.certificateAuthorityData { cluster["certificate-authority-data"] = .string(base64(authority)) }
        cluster["server"] = .string(entry.server)
        var user = Mapping()
        if let certificate = entry.clientCertificateData { user["client-certificate-data"] = .string(base64(certificate)) }
        if let key = entry.clientKeyData { user["client-key-data"] = .string(base64(key)) }
        upsert(&config, list: "clusters", name: entry.name, .mapping(Mapping(["cluster": .mapping(cluster), "name": .string(entry.name)])))
        upsert(&config, list: "contexts", name: entry.name, .mapping(Mapping([
            "context": .mapping(Mapping(["cluster": .string(entry.name), "user": .string(entry.name)])), "name": .string(entry.name),
        ])))
        upsert(&config, list: "users", name: entry.name, .mapping(Mapping(["name": .string(entry.name), "user": .mapping(user)])))
        config["current-context"] = .string(entry.name)
        return config
    }

    /// `document` without the cluster, user and context named `name`; the current context
    /// is cleared when it was that one.
    package static func removing(_ name: String, from document: Node) -> Node {
        var config = document
        for list in ["clusters", "contexts", "users"] {
            if let items = config[list]?.sequence { config[list] = .sequence(items.filter { $0["name"]?.text != name }) }
        }
        if config["current-context"]?.text == name { config["current-context"] = .string("") }
        return config
    }

    /// Adds or replaces `entry` in the file at `path` (made, with its directory, when missing).
    package static func write(_ entry: KubeconfigEntry, to path: String) throws {
        try KubeconfigFile.update(path) { adding(entry, to: $0) }
    }

    /// Removes the entries named `name` from the file at `path`, if it exists.
    package static func remove(_ name: String, from path: String) throws {
        try KubeconfigFile.update(path) { document in document.map { removing(name, from: $0) } }
    }

    private static func upsert(_ config: inout Node, list: String, name: String, _ entry: Node) {
        var items = config[list]?.sequence ?? []
        if let index = items.firstIndex(where: { $0["name"]?.text == name }) {
            items[index] = entry
        } else {
            items.append(entry)
        }
        config[list] = .sequence(items)
    }

    private static func base64(_ bytes: [UInt8]) -> String {
        Base64.encode(bytes)
    }
}
