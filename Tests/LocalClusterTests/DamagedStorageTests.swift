import Foundation
import Testing
import Manifests
@testable import LocalCluster

/// Storage that cannot be used, lost acknowledged writes or holds damage is refused at start,
/// with the file, what was found and the remedy; `--repair` starts from what can be read and
/// says what it did.
@Suite("damaged storage", .serialized, .enabled(if: ServerProcess.isBuilt, "the git-ops binary is not built"))
struct DamagedStorageTests {
    /// Starts a server on `data`, creates `count` ConfigMaps `cm-<n>` in namespace `store`
    /// (each with the text `marker-<n>-` and some padding) and returns it running.
    static func populate(_ data: URL, count: Int) async throws -> ServerProcess {
        let server = try await ServerProcess.start(arguments: ["--data", data.path, "--no-controllers"])
        let client = APIClient(base: server.url)
        try await client.namespace("store")
        let padding = String(repeating: "p", count: 300)
        for index in 1...count {
            let response = try await client.send("POST", "/api/v1/namespaces/store/configmaps",
                                                  body: #"{"metadata":{"name":"cm-\#(index)"},"data":{"text":"marker-\#(index)-\#(padding)"}}"#)
            try #require(response.status == 201)
        }
        return server
    }

    /// Stops the server and copies its log into the database file, as a long-running server's
    /// checkpoints do, so what was written lies in `cluster.db` itself.
    static func stopAndCheckpoint(_ server: ServerProcess, _ data: URL) throws {
        #expect(server.terminate() == 0)
        let database = try SQLiteDatabase(path: data.path + "/cluster.db")
        try database.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    }

    /// Starts the server on `data` expecting a refusal.
    static func refusal(_ data: URL) async throws -> ServerProcess.Refused {
        do {
            let server = try await ServerProcess.start(arguments: ["--data", data.path])
            _ = server.terminate()
        } catch let refused as ServerProcess.Refused {
            return refused
        }
        Issue.record("the server started on damaged storage")
        return ServerProcess.Refused(status: 0, standardError: "")
    }

    /// Changes the byte at `offset` of the file (`nil`: of the first occurrence of `text`, plus `shift`).
    static func flip(_ file: String, at offset: Int? = nil, in text: String = "", shift: Int = 0) throws {
        var bytes = try Array(Data(contentsOf: URL(fileURLWithPath: file)))
        let position = try offset ?? #require(bytes.indices.first { bytes[$0...].starts(with: Array(text.utf8)) }) + shift
        bytes[position] ^= 0x5a
        try Data(bytes).write(to: URL(fileURLWithPath: file))
    }

    /// The names of the ConfigMaps the tests made in namespace `store` (not the controllers' own
    /// `kube-root-ca.crt`, there or not depending on how far they got).
    static func names(_ server: ServerProcess) async throws -> Set<String> {
        let list = try await APIClient(base: server.url).send("GET", "/api/v1/namespaces/store/configmaps")
        return Set(list.json?["items"]?.sequence?.compactMap { $0[path: ["metadata", "name"]]?.string } ?? [])
            .subtracting([RootCACertPublisher.configMapName])
    }

    @Test("a data directory that cannot be made is refused with its path and errno's text, not an error dump")
    func directory() async throws {
        let refused = try await Self.refusal(URL(fileURLWithPath: "/proc/git-ops-none/cluster"))
        #expect(refused.status == 128)
        #expect(refused.standardError
                == "error: cannot use '/proc/git-ops-none/cluster' as the data directory: No such file or directory; choose another with --data\n")
    }

    @Test("a cluster.db that is empty, not a database or cut short is refused rather than started empty; --repair sets it aside",
          arguments: ["the file is empty", "the file is not a SQLite database", "the file is cut short"])
    func damagedFile(problem: String) async throws {
        let data = try TestCluster.temporaryDirectory("file")
        let path = data.path + "/cluster.db"
        try Self.stopAndCheckpoint(try await Self.populate(data, count: 40), data)
        let size = try #require(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
        let handle = try FileHandle(forUpdating: URL(fileURLWithPath: path))
        switch problem {
        case "the file is empty": try handle.truncate(atOffset: 0)
        case "the file is not a SQLite database": try handle.write(contentsOf: Data("name: not a database\n".utf8))
        default: try handle.truncate(atOffset: UInt64(size / 2))
        }
        try handle.close()

        let refused = try await Self.refusal(data)
        #expect(refused.status == 128)
        #expect(refused.standardError.contains("cannot open '\(path)': \(problem)"), "\(refused.standardError)")
        #expect(refused.standardError.contains("--repair"))

        let repaired = try await ServerProcess.start(arguments: ["--data", data.path, "--repair"])
        defer { _ = repaired.terminate() }
        #expect(repaired.standardError.hasPrefix("warning: "), "\(repaired.standardError)")
        #expect(FileManager.default.fileExists(atPath: path + ".damaged"))
    }

    @Test("a byte flipped in the write-ahead log after a crash is refused, naming the frame; --repair keeps the transactions before it")
    func damagedLog() async throws {
        let data = try TestCluster.temporaryDirectory("log")
        let log = data.path + "/cluster.db-wal"
        try await Self.populate(data, count: 40).kill()
        try Self.flip(log, in: "marker-20-", shift: 5)

        let refused = try await Self.refusal(data)
        #expect(refused.status == 128)
        #expect(refused.standardError.contains("cannot open '\(data.path)/cluster.db': its write-ahead log '\(log)' is damaged at frame "),
                "\(refused.standardError)")
        #expect(refused.standardError.contains("SQLite would drop the "))

        let repaired = try await ServerProcess.start(arguments: ["--data", data.path, "--repair"])
        #expect(repaired.standardError.contains("warning: started from the transactions before frame "), "\(repaired.standardError)")
        let kept = try await Self.names(repaired)
        #expect(kept.contains("cm-19") && !kept.contains("cm-20") && !kept.contains("cm-40"), "\(kept.sorted())")
        repaired.kill()

        // The repair went into the file: a plain start after a crash finds nothing wrong.
        let next = try await ServerProcess.start(arguments: ["--data", data.path])
        defer { _ = next.terminate() }
        #expect(try await Self.names(next) == kept)
    }

    @Test("a write-ahead log whose header is damaged is refused: SQLite would ignore all of it")
    func damagedLogHeader() async throws {
        let data = try TestCluster.temporaryDirectory("log")
        try await Self.populate(data, count: 40).kill()
        try Self.flip(data.path + "/cluster.db-wal", at: 17)
        let refused = try await Self.refusal(data)
        #expect(refused.standardError.contains("has a damaged header: SQLite would ignore all of the log"), "\(refused.standardError)")
    }

    @Test("a byte flipped inside a stored object is refused by name; --repair moves it to the quarantine table")
    func damagedRow() async throws {
        let data = try TestCluster.temporaryDirectory("row")
        try Self.stopAndCheckpoint(try await Self.populate(data, count: 5), data)
        try Self.flip(data.path + "/cluster.db", in: "marker-3-", shift: 2)

        let refused = try await Self.refusal(data)
        #expect(refused.standardError.contains(
            "cannot load '\(data.path)/cluster.db': 1 stored object is damaged: ConfigMap/store/cm-3 (fails its checksum)"),
            "\(refused.standardError)")

        let repaired = try await ServerProcess.start(arguments: ["--data", data.path, "--repair"])
        defer { _ = repaired.terminate() }
        #expect(repaired.standardError.contains("warning: moved 1 damaged object to the table 'quarantine'"), "\(repaired.standardError)")
        #expect(try await Self.names(repaired) == ["cm-1", "cm-2", "cm-4", "cm-5"])
        var quarantined: [String] = []
        try SQLiteDatabase(path: data.path + "/cluster.db").query("SELECT name FROM quarantine") { quarantined.append($0.text(0)) }
        #expect(quarantined == ["cm-3"])
    }

    @Test("damaged pages are refused; --repair rebuilds the database from the rows that can be read")
    func damagedPage() async throws {
        let data = try TestCluster.temporaryDirectory("page")
        let path = data.path + "/cluster.db"
        try Self.stopAndCheckpoint(try await Self.populate(data, count: 60), data)
        // The first byte of a b-tree page says what kind of page it is: 10 for a leaf of the
        // objects table (a WITHOUT ROWID table is an index b-tree, whose inner pages hold rows too).
        let bytes = try Array(Data(contentsOf: URL(fileURLWithPath: path)))
        func page(of index: Int) -> Int? {
            bytes.indices.first { bytes[$0...].starts(with: Array("marker-\(index)-".utf8)) }.map { $0 / 4096 * 4096 }
        }
        let lost = try #require((20...40).first { page(of: $0).map { bytes[$0] == 10 } ?? false })
        try Self.flip(path, at: try #require(page(of: lost)))

        let refused = try await Self.refusal(data)
        #expect(refused.standardError.contains("cannot open '\(path)': the database is damaged: "), "\(refused.standardError)")

        let repaired = try await ServerProcess.start(arguments: ["--data", data.path, "--repair"])
        defer { _ = repaired.terminate() }
        #expect(repaired.standardError.contains("warning: rebuilt '\(path)' from the "), "\(repaired.standardError)")
        let kept = try await Self.names(repaired)
        #expect(!kept.contains("cm-\(lost)") && kept.count >= 40, "\(kept.sorted())")
        #expect(FileManager.default.fileExists(atPath: path + ".damaged"))
    }

    @Test("a database written before row checksums loads, and its rows get checksums")
    func migration() async throws {
        let data = try TestCluster.temporaryDirectory("old")
        do {
            let old = try SQLiteDatabase(path: data.path + "/cluster.db")
            try old.execute("PRAGMA journal_mode=WAL")
            try old.execute("""
                CREATE TABLE objects (resource TEXT NOT NULL, namespace TEXT NOT NULL, name TEXT NOT NULL,
                    resource_version INTEGER NOT NULL, body BLOB NOT NULL, PRIMARY KEY (resource, namespace, name)) WITHOUT ROWID
                """)
            try old.execute("CREATE TABLE counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL)")
            let body = #"{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"store","resourceVersion":"7"}}"#
            try old.run("INSERT INTO objects VALUES ('/namespaces', '', 'store', 7, ?)", [.blob(Array(body.utf8))])
            try old.execute("INSERT INTO counters VALUES ('resourceVersion', 7)")
        }
        let server = try await ServerProcess.start(arguments: ["--data", data.path, "--no-controllers"])
        let read = try await APIClient(base: server.url).send("GET", "/api/v1/namespaces/store")
        #expect(read.json?[path: ["metadata", "resourceVersion"]]?.string == "7")
        #expect(server.terminate() == 0)
        var missing = -1
        try SQLiteDatabase(path: data.path + "/cluster.db").query("SELECT count(*) FROM objects WHERE checksum IS NULL") {
            missing = Int($0.integer(0))
        }
        #expect(missing == 0)
    }
}
