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

    /// A record of a server started in `dataDirectory`.
    package init(pid: Int32, host: String, port: Int, dataDirectory: String) {
        self.pid = pid
        self.host = host
        self.port = port
        self.dataDirectory = dataDirectory
    }

    /// `http://host:port`.
    package var url: String { "http://\(host):\(port)" }

    /// Where the record of a data directory is kept.
    package static func path(in directory: String) -> String { directory + "/server.json" }

    /// The record in `directory`, if there is a readable one.
    package static func read(in directory: String) -> ClusterRecord? {
        guard let data = FileManager.default.contents(atPath: path(in: directory)),
              let node = try? JSON.parse(Array(data)),
              let pid = node["pid"]?.text.flatMap({ Int32($0) }), let port = node["port"]?.text.flatMap({ Int($0) }),
              let host = node["host"]?.string else { return nil }
        return ClusterRecord(pid: pid, host: host, port: port, dataDirectory: directory)
    }

    /// Writes the record atomically, so a reader never sees half of it.
    package func write() throws {
        let node = Node.mapping(Mapping([
            "pid": .int(Int(pid)), "host": .string(host), "port": .int(port), "url": .string(url),
        ]))
        let target = Self.path(in: dataDirectory)
        let temporary = target + ".tmp"
        guard FileManager.default.createFile(atPath: temporary, contents: Data(try JSON.serialize(node).utf8)) else {
            throw StorageError(systemCall: "cannot write '\(temporary)'")
        }
        if rename(temporary, target) != 0 { throw StorageError(systemCall: "cannot replace '\(target)'") }
    }

    /// Removes the record, as a stopped server does.
    package static func remove(in directory: String) {
        try? FileManager.default.removeItem(atPath: path(in: directory))
    }

    /// True while the recorded process exists.
    ///
    /// A pid the system reused for another program does not count: `down` must never signal it.
    package var isAlive: Bool {
        guard kill(pid, 0) == 0 || errno == EPERM else { return false }
        guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return true }
        let arguments = data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
        return arguments.contains { $0 == "cluster" || $0.hasSuffix("git-ops-cluster") } && arguments.contains("serve")
    }
}
