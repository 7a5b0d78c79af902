import FoundationEssentials
#if canImport(Glibc)
import Glibc
#endif
import Manifests

/// What a running background cluster leaves in its data directory (`server.json`): its pid and
/// address, so `down` and `status` can find it.
package struct ClusterRecord: Sendable, Equatable {
    /// The server process.
    package var pid: Int32
    /// The address it listens on.
    package var host: String
    /// The port it listens on.
    package var port: Int
    /// The data directory the record lives in.
    package var dataDirectory: String
    /// HTTPS or plain HTTP.
    package var scheme: ClusterConfiguration.Scheme

    /// A record of a server started in `dataDirectory`.
    package init(pid: Int32, host: String, port: Int, dataDirectory: String, scheme: ClusterConfiguration.Scheme = .http) {
        self.pid = pid
        self.host = host
        self.port = port
        self.dataDirectory = dataDirectory
        self.scheme = scheme
    }

    /// `https://host:port` (or `http://`).
    package var url: String { "\(scheme.rawValue)://\(host.contains(":") ? "[\(host)]" : host):\(port)" }

    /// Where the record of a data directory is kept.
    package static func path(in directory: String) -> String { directory + "/server.json" }

    /// The record in `directory`, if there is a readable one.
    package static func read(in directory: String) -> ClusterRecord? {
        guard let data = FileManager.default.contents(atPath: path(in: directory)),
              let node = try? JSON.parse(Array(data)),
              let pid = node["pid"]?.text.flatMap({ Int32($0) }), let port = node["port"]?.text.flatMap({ Int($0) }),
              let host = node["host"]?.string else { return nil }
        // Records of servers before HTTPS have no scheme of their own; their URL says http.
        let scheme: ClusterConfiguration.Scheme = node["url"]?.string?.hasPrefix("https://") == true ? .https : .http
        return ClusterRecord(pid: pid, host: host, port: port, dataDirectory: directory, scheme: scheme)
    }

    /// Writes the record atomically, so a reader never sees half of it.
    package func write() throws {
        let node = Node.mapping(Mapping([
            "pid": .int(Int(pid)), "host": .string(host), "port": .int(port), "url": .string(url),
        ]))
        try ClusterFiles.write(Array(try JSON.serialize(node).utf8), to: Self.path(in: dataDirectory))
    }

    /// Removes the record, as a stopped server does.
    package static func remove(in directory: String) {
        try? FileManager.default.removeItem(atPath: path(in: directory))
    }

    /// The pid of the server running on this record's data directory, proven so; nil when none is.
    ///
    /// `down` signals what this returns, so a pid read from a file is never trusted: it must be
    /// positive and neither this process nor its group (`kill(-1)` signals every process,
    /// `kill(0)` the caller's group), and the kernel must say that process holds the data
    /// directory's `ServerLock`. A directory without a lock file was served by an older
    /// git-ops: then the process's command line must be `cluster serve` of this directory.
    package var runningServer: pid_t? {
        guard pid > 0, pid != getpid(), pid != getpgrp() else { return nil }
        if ServerLock.exists(in: dataDirectory) { return ServerLock.holder(in: dataDirectory) == pid ? pid : nil }
        return Self.servesFromCommandLine(pid, directory: dataDirectory) ? pid : nil
    }

    /// True while the recorded server runs (see `runningServer`).
    package var isAlive: Bool { runningServer != nil }

    /// Whether `/proc/<pid>/cmdline` is a `cluster serve` of `directory` (a missing one is not).
    static func servesFromCommandLine(_ pid: pid_t, directory: String) -> Bool {
        guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return false }
        let arguments = data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
        guard arguments.contains(where: { $0 == "cluster" || $0.hasSuffix("git-ops-cluster") }), arguments.contains("serve") else {
            return false
        }
        // `up` passes the directory as `--data <dir>`; without it, nothing ties the process to this one.
        guard let flag = arguments.firstIndex(of: "--data"), flag + 1 < arguments.count else { return false }
        return arguments[flag + 1] == directory
    }
}
