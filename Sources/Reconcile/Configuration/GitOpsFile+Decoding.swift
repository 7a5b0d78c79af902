import FileTree
import Manifests

extension GitOpsFile {
    /// The keys an environment may set, for errors that suggest the one meant.
    static let environmentKeys = ["path", "cluster", "branch", "prune", "selfHeal", "interval", "timeout",
                                  "protected", "autoRollback", "autoSync", "policies"]
    static let topKeys = ["environments", "owners", "policies", "skipAllowed", "notifications"]

    /// Reads `.gitops.yaml` from `bytes`; `file` names it in errors (`.gitops.yaml@3f2a1c9`).
    /// Every mistake is an error naming the field, its value and the fix: an
    /// unknown key (with the key it is closest to), a value of the wrong type, a
    /// duration Go would not read, an environment without a path or with a name
    /// that cannot be part of a ref.
    package static func decode(_ bytes: [UInt8], file: String) throws -> GitOpsFile {
        let document: Node?
        do {
            document = try YAMLParser(source: file).parseFirstDocument(bytes)
        } catch let error as YAMLError {
            throw ConfigurationError(file: file, "invalid YAML at line \(error.line), column \(error.column): \(error.message)")
        }
        guard let document, !document.isNull else { return GitOpsFile() }
        guard let top = document.mapping else { throw ConfigurationError(file: file, "the file must be a mapping with 'environments:'") }
        try checkKeys(top, allowed: topKeys, at: "", file: file)
        var result = GitOpsFile()
        result.policies = try strings(top["policies"], at: "policies", file: file)
        result.skipAllowed = try strings(top["skipAllowed"], at: "skipAllowed", file: file)
        result.notifications = try notifications(top["notifications"], file: file)
        if let owners = top["owners"], !owners.isNull {
            guard let map = owners.mapping else { throw ConfigurationError(file: file, "'owners' must map path globs to lists of users") }
            for entry in map.entries {
                result.owners.append((entry.key.value, try strings(entry.value, at: "owners.\(entry.key.value)", file: file)))
            }
        }
        if let environments = top["environments"], !environments.isNull {
            guard let map = environments.mapping else {
                throw ConfigurationError(file: file, "'environments' must map environment names to their settings")
            }
            for entry in map.entries {
                result.environments.append(try environment(entry.key.value, entry.value, file: file))
            }
        }
        return result
    }

    static func environment(_ name: String, _ node: Node, file: String) throws -> Environment {
        let at = "environments.\(name)"
        guard Self.isValidName(name) else {
            throw ConfigurationError(file: file, "invalid environment name '\(name)': use letters, digits, '.', '_' and '-', starting with a letter or digit")
        }
        guard let map = node.mapping else { throw ConfigurationError(file: file, "'\(at)' must be a mapping with at least 'path:'") }
        try checkKeys(map, allowed: environmentKeys, at: at, file: file)
        guard let path = try string(map["path"], at: "\(at).path", file: file), !path.isEmpty else {
            throw ConfigurationError(file: file, "'\(at)' has no 'path:'; give the directory to render, such as clusters/\(name)")
        }
        guard let treePath = TreePath.join("", path), !path.hasPrefix("/") else {
            throw ConfigurationError(file: file, "'\(at).path' is '\(path)', which leaves the repository; give a path inside it")
        }
        var environment = Environment(name: name, path: treePath)
        if let cluster = try string(map["cluster"], at: "\(at).cluster", file: file) { environment.cluster = cluster }
        if let branch = try string(map["branch"], at: "\(at).branch", file: file) { environment.branch = branch }
        if let prune = try bool(map["prune"], at: "\(at).prune", file: file) { environment.prune = prune }
        if let selfHeal = try bool(map["selfHeal"], at: "\(at).selfHeal", file: file) { environment.selfHeal = selfHeal }
        if let interval = try duration(map["interval"], at: "\(at).interval", file: file) { environment.interval = interval }
        if let timeout = try duration(map["timeout"], at: "\(at).timeout", file: file) { environment.timeout = timeout }
        if let protected = try bool(map["protected"], at: "\(at).protected", file: file) { environment.protected = protected }
        if let autoRollback = try bool(map["autoRollback"], at: "\(at).autoRollback", file: file) { environment.autoRollback = autoRollback }
        if let autoSync = try bool(map["autoSync"], at: "\(at).autoSync", file: file) { environment.autoSync = autoSync }
        environment.policies = try strings(map["policies"], at: "\(at).policies", file: file)
        return environment
    }

    /// A name that can be the last component of `refs/ops/deploy/<name>`.
    static func isValidName(_ name: String) -> Bool {
        guard let first = name.utf8.first, isAlphanumeric(first), !name.hasSuffix("."), !name.contains(".."),
              !name.hasSuffix(".lock") else { return false }
        return name.utf8.allSatisfy { isAlphanumeric($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") }
    }

    static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
    }

    static func checkKeys(_ map: Mapping, allowed: [String], at path: String, file: String) throws {
        for entry in map.entries where !allowed.contains(entry.key.value) {
            let key = entry.key.value
            let place = path.isEmpty ? "" : " in '\(path)'"
            let hint = closest(key, among: allowed).map { "; did you mean '\($0)'?" } ?? "; known fields: \(allowed.joined(separator: ", "))"
            throw ConfigurationError(file: file, "unknown field '\(key)'\(place)\(hint)")
        }
    }

    /// The allowed key nearest to `key` by edit distance, when it is near enough to be a typo.
    static func closest(_ key: String, among allowed: [String]) -> String? {
        let lower = Array(key.lowercased().utf8)
        let scored = allowed.map { ($0, editDistance(lower, Array($0.lowercased().utf8))) }
        guard let best = scored.min(by: { $0.1 < $1.1 }), best.1 <= max(2, lower.count / 3) else { return nil }
        return best.0
    }

    static func editDistance(_ a: [UInt8], _ b: [UInt8]) -> Int {
        var previous = Array(0...b.count)
        for (i, x) in a.enumerated() {
            var current = [i + 1]
            for (j, y) in b.enumerated() {
                current.append(min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1)))
            }
            previous = current
        }
        return previous[b.count]
    }

    static func string(_ node: Node?, at path: String, file: String) throws -> String? {
        guard let node, !node.isNull else { return nil }
        guard let scalar = node.scalar else { throw ConfigurationError(file: file, "'\(path)' must be a string") }
        return scalar.value
    }

    static func bool(_ node: Node?, at path: String, file: String) throws -> Bool? {
        guard let node, !node.isNull else { return nil }
        guard let scalar = node.scalar, scalar.tag == .bool else {
            throw ConfigurationError(file: file, "'\(path)' must be true or false, not '\(node.scalar?.value ?? "a collection")'")
        }
        return scalar.value == "true"
    }

    static func duration(_ node: Node?, at path: String, file: String) throws -> Int64? {
        guard let text = try string(node, at: path, file: file) else { return nil }
        guard let nanoseconds = GoDuration.nanoseconds(text), nanoseconds > 0 else {
            throw ConfigurationError(file: file, "'\(path)' is '\(text)', not a positive duration; write it as Go does, such as 30s, 5m or 1h30m")
        }
        return nanoseconds
    }

    static func strings(_ node: Node?, at path: String, file: String) throws -> [String] {
        guard let node, !node.isNull else { return [] }
        if let scalar = node.scalar { return [scalar.value] }
        guard let items = node.sequence else { throw ConfigurationError(file: file, "'\(path)' must be a list of strings") }
        return try items.enumerated().map { index, item in
            guard let scalar = item.scalar, !item.isNull else { throw ConfigurationError(file: file, "'\(path)[\(index)]' must be a string") }
            return scalar.value
        }
    }
}
