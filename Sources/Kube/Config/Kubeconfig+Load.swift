import FoundationEssentials
import Manifests

/// Loading as kubectl loads (client-go's `ClientConfigLoadingRules`): an explicit file alone,
/// else every file of `$KUBECONFIG` (or `~/.kube/config`) that exists, merged.
extension Kubeconfig {
    /// The files kubectl reads: `$KUBECONFIG`'s list (empty entries and repeats dropped), else `~/.kube/config`.
    package static func searchPaths(environment: [String: String]) -> [String] {
        if let list = environment["KUBECONFIG"], !list.isEmpty {
            var seen: Set<String> = []
            return list.split(separator: ":").map(String.init).filter { !$0.isEmpty && seen.insert($0).inserted }
        }
        return [home(environment) + "/.kube/config"]
    }

    /// The file kubectl writes a new entry to: the first of the search paths that exists,
    /// else the first (client-go's `GetDefaultFilename`).
    package static func writePath(environment: [String: String]) -> String {
        let paths = searchPaths(environment: environment)
        return paths.first { FileManager.default.fileExists(atPath: $0) } ?? paths.first ?? home(environment) + "/.kube/config"
    }

    private static func home(_ environment: [String: String]) -> String {
        environment["HOME"] ?? FileManager.default.homeDirectoryForCurrentUser.path
    }

    /// The files of `paths` that exist, read and merged; nil when none exists. An explicit
    /// file (`--kubeconfig`) must exist and is not merged with others.
    package static func load(paths: [String], explicit: Bool = false) throws -> Kubeconfig? {
        var configs: [Kubeconfig] = []
        for path in paths {
            guard let config = try read(path) else {
                if explicit { throw KubeconfigError(.unreadable, "cannot read kubeconfig '\(path)': no such file") }
                continue
            }
            configs.append(config)
        }
        return configs.isEmpty ? nil : merged(configs)
    }

    /// One file; nil when it does not exist.
    package static func read(_ path: String) throws -> Kubeconfig? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        let bytes = try LocalFile.read(path, failure: "cannot read kubeconfig '\(path)'")
        let document: Node?
        do {
            document = try YAMLParser(source: path).parse(bytes).first
        } catch {
            throw KubeconfigError(.unreadable, "cannot read kubeconfig '\(path)': \(error)")
        }
        return try Kubeconfig(document: document ?? .null, file: path)
    }

    /// client-go's merge: the first file to name a cluster, user or context wins it whole
    /// (entries of the same name in later files are dropped, even their other fields), and
    /// the first file that sets `current-context` sets it.
    package static func merged(_ configs: [Kubeconfig]) -> Kubeconfig {
        var result = Kubeconfig()
        for config in configs {
            result.clusters.merge(config.clusters) { first, _ in first }
            result.users.merge(config.users) { first, _ in first }
            result.contexts.merge(config.contexts) { first, _ in first }
            if result.currentContext == nil { result.currentContext = config.currentContext }
            result.files += config.files
        }
        return result
    }
}
