import Foundation
import Manifests

/// Where the agent sends events (`notifications:` of `.gitops.yaml`): a
/// provider in Flux's terms. Addresses that carry a secret (a Slack or Teams
/// webhook URL) and tokens are read from a file or an environment variable
/// of the agent's machine, never from the repository.
package struct NotificationProvider: Sendable, Equatable {
    package enum Kind: String, Sendable, CaseIterable {
        case generic, genericHMAC = "generic-hmac", slack, msteams, github
    }

    package var name: String
    package var kind: Kind
    /// The URL, as written (no secret in it).
    package var address: String?
    /// The URL, from a file or a variable.
    package var addressFile: String?
    package var addressEnv: String?
    /// The HMAC key of `generic-hmac` or the token of `github`.
    package var secretFile: String?
    package var secretEnv: String?
    /// `github`: the repository (`owner/name`) whose commits get statuses.
    package var repository: String?
    /// `slack`: the channel.
    package var channel: String?
    /// `error` for failures only; `info` (the default) for every event.
    package var severity = "info"
    /// The environments whose events go here; empty for all.
    package var environments: [String] = []

    package init(name: String, kind: Kind) {
        self.name = name
        self.kind = kind
    }

    static let keys = ["name", "type", "address", "addressFile", "addressEnv", "secretFile", "secretEnv", "repository",
                       "channel", "severity", "environments"]
}

extension GitOpsFile {
    /// Providers from git config, as `git config --get-regexp '^ops\\.notify\\.'`
    /// prints them (`ops.notify.<name>.<key> <value>`, `environments` given as
    /// a comma-separated list): a machine's own providers beside those of `.gitops.yaml`.
    package static func notifications(gitConfig lines: String) throws -> [NotificationProvider] {
        var byName: [(name: String, fields: Mapping)] = []
        for line in lines.split(separator: "\n") {
            let parts = line.split(separator: " ", maxSplits: 1)
            guard parts.count == 2, parts[0].hasPrefix("ops.notify.") else { continue }
            let key = parts[0].dropFirst("ops.notify.".count)
            guard let dot = key.lastIndex(of: ".") else { continue }
            let name = String(key[..<dot])
            let field = NotificationProvider.keys.first { $0.lowercased() == key[key.index(after: dot)...].lowercased() } ?? String(key[key.index(after: dot)...])
            let value: Node = field == "environments"
                ? .sequence(parts[1].split(separator: ",").map { .string($0.trimmingCharacters(in: .whitespaces)) }) : .string(String(parts[1]))
            if let index = byName.firstIndex(where: { $0.name == name }) {
                byName[index].fields[field] = value
            } else {
                byName.append((name, Mapping([("name", .string(name)), (field, value)].map { Mapping.Entry(key: Scalar($0.0), value: $0.1) })))
            }
        }
        return try notifications(.sequence(byName.map { .mapping($0.fields) }), file: "git config ops.notify")
    }

    static func notifications(_ node: Node?, file: String) throws -> [NotificationProvider] {
        guard let node, !node.isNull else { return [] }
        guard let items = node.sequence else {
            throw ConfigurationError(file: file, "'notifications' must be a list of providers, each with a 'name' and a 'type'")
        }
        var providers: [NotificationProvider] = []
        for (index, item) in items.enumerated() {
            let at = "notifications[\(index)]"
            guard let map = item.mapping else { throw ConfigurationError(file: file, "'\(at)' must be a mapping with 'name' and 'type'") }
            try checkKeys(map, allowed: NotificationProvider.keys, at: at, file: file)
            guard let name = try string(map["name"], at: "\(at).name", file: file), !name.isEmpty else {
                throw ConfigurationError(file: file, "'\(at)' has no 'name'")
            }
            let typeText = try string(map["type"], at: "\(at).type", file: file) ?? ""
            guard let kind = NotificationProvider.Kind(rawValue: typeText) else {
                throw ConfigurationError(file: file, "'\(at).type' is '\(typeText)'; use one of "
                    + NotificationProvider.Kind.allCases.map(\.rawValue).joined(separator: ", "))
            }
            var provider = NotificationProvider(name: name, kind: kind)
            provider.address = try string(map["address"], at: "\(at).address", file: file)
            provider.addressFile = try string(map["addressFile"], at: "\(at).addressFile", file: file)
            provider.addressEnv = try string(map["addressEnv"], at: "\(at).addressEnv", file: file)
            provider.secretFile = try string(map["secretFile"], at: "\(at).secretFile", file: file)
            provider.secretEnv = try string(map["secretEnv"], at: "\(at).secretEnv", file: file)
            provider.repository = try string(map["repository"], at: "\(at).repository", file: file)
            provider.channel = try string(map["channel"], at: "\(at).channel", file: file)
            provider.environments = try strings(map["environments"], at: "\(at).environments", file: file)
            if let severity = try string(map["severity"], at: "\(at).severity", file: file) {
                guard severity == "info" || severity == "error" else {
                    throw ConfigurationError(file: file, "'\(at).severity' is '\(severity)'; use info or error")
                }
                provider.severity = severity
            }
            if provider.address == nil, provider.addressFile == nil, provider.addressEnv == nil, kind != .github {
                throw ConfigurationError(file: file, "'\(at)' has no address; give 'address', or 'addressFile' or 'addressEnv' when the URL holds a secret")
            }
            if (kind == .genericHMAC || kind == .github), provider.secretFile == nil, provider.secretEnv == nil {
                throw ConfigurationError(file: file, "'\(at)' (\(kind.rawValue)) needs 'secretFile' or 'secretEnv' for its \(kind == .github ? "token" : "key")")
            }
            if kind == .github, provider.repository?.split(separator: "/").count != 2 {
                throw ConfigurationError(file: file, "'\(at)' (github) needs 'repository: owner/name'")
            }
            providers.append(provider)
        }
        return providers
    }
}
