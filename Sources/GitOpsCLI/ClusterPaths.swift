import Dispatch
import FoundationEssentials
import Git
import LocalCluster
import Manifests
#if canImport(Glibc)
import Glibc
#endif

/// The file-system and process plumbing of `git ops cluster`: default data directory,
/// detached start, signals.
enum ClusterPaths {
    static func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    }

    /// `<git-dir>/ops/cluster` inside a repository, else `$XDG_STATE_HOME/git-ops/cluster`;
    /// `cluster-<name>` beside it for a cluster not named `local`.
    static func defaultDataDirectory(name: String = ClusterContext.defaultName) -> String {
        let leaf = name == ClusterContext.defaultName ? "cluster" : "cluster-\(name)"
        if let gitDirectory = gitDirectory() { return gitDirectory + "/ops/" + leaf }
        let environment = ProcessInfo.processInfo.environment
        let state = environment["XDG_STATE_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (environment["HOME"] ?? FileManager.default.homeDirectoryForCurrentUser.path) + "/.local/state"
        return state + "/git-ops/" + leaf
    }

    /// The git dir of the repository around the current directory, found the way git finds it.
    static func gitDirectory() -> String? {
        (try? Repository())?.gitDirectory
    }

    /// Waits until the background server recorded its address, or reports why it did not start.
    static func waitForRecord(in directory: String, pid: pid_t, logFrom start: Int) async throws -> ClusterRecord {
        for _ in 0..<300 {
            if let record = ClusterRecord.read(in: directory), record.pid == pid { return record }
            var status: Int32 = 0
            if waitpid(pid, &status, WNOHANG) == pid {
                let tail = lines(of: directory + "/server.log", from: start).suffix(5).joined(separator: "\n")
                throw CLIError(.fatal, "the local cluster did not start:\n\(tail)")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw CLIError(.fatal, "the local cluster did not report its address within 15s; see \(directory)/server.log")
    }

    /// The size of the file at `path`, 0 when there is none.
    static func size(of path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int) ?? 0
    }

    /// The lines of the file at `path` after its first `start` bytes: what one run wrote to a log.
    static func lines(of path: String, from start: Int) -> [String] {
        guard let data = FileManager.default.contents(atPath: path), data.count > start else { return [] }
        return String(decoding: data.dropFirst(start), as: UTF8.self).split(separator: "\n").map(String.init)
    }

    /// SIGTERM and SIGINT as a stream, so `serve` can stop cleanly; the caller keeps the sources alive.
    static func stopSignals() -> (AsyncStream<Int32>, [any DispatchSourceSignal]) {
        let (stream, continuation) = AsyncStream<Int32>.makeStream()
        var sources: [any DispatchSourceSignal] = []
        for number in [SIGTERM, SIGINT] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { continuation.yield(number) }
            source.resume()
            sources.append(source)
        }
        return (stream, sources)
    }
}

/// YAML text of a node, for printing.
enum YAMLText {
    static func document(_ node: Node) throws -> String { try YAMLEmitter.document(node) }
}
