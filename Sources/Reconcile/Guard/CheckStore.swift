import Digests
import Foundation
import Git
import Manifests
import Render

/// The verdicts of environments already rendered and checked, kept outside the
/// object database (`$GIT_DIR/ops/cache/checks/`), so that a push which
/// changes nothing an environment's render reads costs a few path lookups
/// instead of a render.
///
/// An entry is the render's inputs (`RenderInputs`: every path it asked about
/// and the object there) with what the checks found and the object count. It
/// answers for a tree that holds the same objects at every one of those
/// paths, since the render, and so the checks, are a function of them. Keyed
/// by the environment's path, whether it is protected (the checks differ)
/// and the identity of the binary that checked (other code, other checks).
/// Only renders that succeeded are kept; a failing one is cheap to redo.
package struct CheckStore: Sendable {
    /// The folder of the entries.
    let folder: String
    /// The binary's identity: its version, size and modification time.
    let checker: String

    /// The store of `repository`, for the checks of the binary `checker`.
    package init(repository: Repository, checker: String) {
        folder = repository.gitPath("ops/cache/checks")
        self.checker = checker
    }

    /// The identity of the running executable: `version`, its path, size and modification time.
    package static func executableIdentity(version: String) -> String {
        // The file the link names: the link itself is as new as the process.
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        let attributes = try? FileManager.default.attributesOfItem(atPath: executable)
        let size = (attributes?[.size] as? Int).map(String.init) ?? "?"
        let time = (attributes?[.modificationDate] as? Date).map { String($0.timeIntervalSince1970) } ?? "?"
        return "\(version) \(executable) \(size) \(time)"
    }

    func path(for environment: Environment, policies: [String]) -> String {
        let key = "\(checker)\0\(environment.path)\0\(environment.protected)\0\(policies.joined(separator: "\0"))"
        return folder + "/" + SHA256.hexDigest(Array(key.utf8))
    }

    /// The verdict on `environment` in `tree`, when an entry's inputs all hold there.
    func verdict(on environment: Environment, policies: [String], in tree: GitTree) -> EnvironmentCheck.Result? {
        guard let data = FileManager.default.contents(atPath: path(for: environment, policies: policies)),
              let entry = try? JSON.parse(String(decoding: data, as: UTF8.self)),
              let inputs = entry["inputs"]?.sequence, let count = entry["objects"]?.text.flatMap({ Int($0) }),
              let findings = entry["findings"]?.sequence
        else { return nil }
        // In the order kept, shallow paths first: a changed directory near the
        // root (a shared component) ends the check after a few lookups.
        for item in inputs {
            guard let pair = item.sequence, pair.count == 2, let path = pair[0].string, let state = pair[1].string,
                  RenderInputs.state(of: path, in: tree) == state
            else { return nil }
        }
        var result = EnvironmentCheck.Result(environment: environment.name, findings: [], objectCount: count, objects: [])
        result.reused = true
        func decode(_ item: Node) -> Finding? {
            guard let rule = item["rule"]?.string.flatMap(Finding.Rule.init(rawValue:)), let message = item["message"]?.string else { return nil }
            return Finding(rule, message, environment: environment.name, file: item["file"]?.string,
                           line: item["line"]?.text.flatMap { Int($0) })
        }
        for item in findings {
            guard let finding = decode(item) else { return nil }
            result.findings.append(finding)
        }
        for item in entry["warnings"]?.sequence ?? [] {
            guard let finding = decode(item) else { return nil }
            result.warnings.append(finding)
        }
        return result
    }

    /// The file of `environment`'s `KeptUnits`, checked with the policies at `policies`.
    func unitsPath(for environment: Environment, policies: [String]) -> String {
        path(for: environment, policies: policies) + ".units"
    }

    /// The `KeptUnits` of `environment`, when there is a whole one.
    func keptUnits(of environment: Environment, policies: [String]) -> KeptUnits? {
        guard let data = FileManager.default.contents(atPath: unitsPath(for: environment, policies: policies)) else { return nil }
        return KeptUnits(decoding: [UInt8](data))
    }

    /// Keeps `units` for `environment`. Best effort, as `keep(_:of:policies:inputs:)`.
    func keep(_ units: KeptUnits, of environment: Environment, policies: [String]) {
        write(units.encoded(), to: unitsPath(for: environment, policies: policies))
    }

    /// Keeps `result` of `environment` with the inputs of its render. Best effort:
    /// a store that cannot be written costs the next push a render, nothing more.
    func keep(_ result: EnvironmentCheck.Result, of environment: Environment, policies: [String], inputs: RenderInputs) {
        guard let count = result.objectCount else { return }
        // [path, state] pairs: a mapping of thousands of keys would be slow to build and to read.
        func depth(_ path: String) -> Int { path.utf8.reduce(0) { $1 == UInt8(ascii: "/") ? $0 + 1 : $0 } }
        let ordered = inputs.paths.map { (depth: depth($0.key), path: $0.key, state: $0.value) }
            .sorted { ($0.depth, $0.path) < ($1.depth, $1.path) }
        let paths: [Node] = ordered.map { .sequence([.string($0.path), .string($0.state)]) }
        func encode(_ finding: Finding) -> Node {
            var item = Mapping(["rule": .string(finding.rule.rawValue), "message": .string(finding.message)])
            if let file = finding.file { item["file"] = .string(file) }
            if let line = finding.line { item["line"] = .int(line) }
            return .mapping(item)
        }
        let entry = Mapping(["objects": .int(count), "findings": .sequence(result.findings.map(encode)),
                             "warnings": .sequence(result.warnings.map(encode)), "inputs": .sequence(paths)])
        guard let text = try? JSON.serialize(.mapping(entry)) else { return }
        write(Array(text.utf8), to: path(for: environment, policies: policies))
    }

    /// Writes `bytes` to `target` through a temporary file renamed into place.
    private func write(_ bytes: [UInt8], to target: String) {
        let temporary = target + ".\(getpid()).tmp"
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            guard FileManager.default.createFile(atPath: temporary, contents: Data(bytes)) else { return }
            // Renamed into place, so a reader sees a whole entry or the one before.
            guard rename(temporary, target) == 0 else {
                try? FileManager.default.removeItem(atPath: temporary)
                return
            }
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
        }
    }
}
