import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `git ops cluster` with the real binary: up, status, kubeconfig, down, on a fresh HOME.
@Suite("git ops cluster", .serialized)
struct ClusterCommandTests {
    /// Runs the binary (or `executable`) with output to files and a plain `waitpid`.
    ///
    /// Foundation's Process sometimes never notices the exit of a child that started a
    /// detached server (its own session), so `cluster up` is run without it.
    static func run(_ arguments: [String], in directory: URL, executable: String? = nil,
                    environment: [String: String]) throws -> CLIRunner.Result {
        let output = try TemporaryDirectory()
        let out = output.url.appendingPathComponent("out").path
        let err = output.url.appendingPathComponent("err").path
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, out, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, err, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        let program = executable ?? CLIRunner.binary.path
        let shell = ["/bin/sh", "-c", "cd \"$0\" && exec \"$@\"", directory.path, program] + arguments
        var merged = ProcessInfo.processInfo.environment
        for (key, value) in environment { merged[key] = value }
        let argv = shell.map { strdup($0) } + [nil]
        let envp = merged.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        guard posix_spawn(&pid, "/bin/sh", &actions, nil, argv, envp) == 0 else { throw CocoaError(.executableLoad) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let code = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return CLIRunner.Result(status: code,
                                stdout: (try? String(contentsOfFile: out, encoding: .utf8)) ?? "",
                                stderr: (try? String(contentsOfFile: err, encoding: .utf8)) ?? "")
    }

    /// An environment with its own HOME and state directory, and no KUBECONFIG.
    static func environment(_ home: TemporaryDirectory) -> [String: String] {
        ["HOME": home.url.path, "XDG_STATE_HOME": home.url.appendingPathComponent("state").path, "KUBECONFIG": "",
         "KUBECACHEDIR": home.url.appendingPathComponent("kube-cache").path]
    }

    @Test("up starts a cluster kubectl reaches through the git-ops-local context; down stops it")
    func upAndDown() throws {
        let home = try TemporaryDirectory()
        let work = try TemporaryDirectory()
        let environment = Self.environment(home)
        // Another context already in the kubeconfig must survive the merge.
        try home.write([".kube/config": """
            apiVersion: v1
            kind: Config
            clusters:
            - cluster: {server: "https://example.invalid:6443"}
              name: other
            contexts:
            - context: {cluster: other, user: other}
              name: other
            current-context: other
            users:
            - name: other
              user: {token: abc}

            """])
        let up = try Self.run(["cluster", "up"], in: work.url, environment: environment)
        defer { _ = try? Self.run(["cluster", "down"], in: work.url, environment: environment) }
        #expect(up.status == 0, "\(up.stderr)")
        #expect(up.stdout.contains("context 'git-ops-local' written to \(home.url.path)/.kube/config"), "\(up.stdout)")
        let record = home.url.appendingPathComponent("state/git-ops/cluster/server.json").path
        #expect(FileManager.default.fileExists(atPath: record))

        let status = try Self.run(["cluster", "status"], in: work.url, environment: environment)
        #expect(status.status == 0)
        #expect(status.stdout.hasPrefix("local cluster running at http://127.0.0.1:"))

        let config = try String(contentsOfFile: home.url.appendingPathComponent(".kube/config").path, encoding: .utf8)
        #expect(config.contains("name: other"))
        #expect(config.contains("current-context: git-ops-local"))

        if FileManager.default.isExecutableFile(atPath: "/usr/bin/kubectl") {
            let namespaces = try Self.run(["--context", "git-ops-local", "get", "ns", "-o", "name"], in: work.url,
                                          executable: "/usr/bin/kubectl", environment: environment)
            #expect(namespaces.status == 0, "\(namespaces.stderr)")
            #expect(namespaces.stdout.contains("namespace/default\n"))
            #expect(namespaces.stdout.contains("namespace/kube-system\n"))
        }

        let standalone = try Self.run(["cluster", "kubeconfig"], in: work.url, environment: environment)
        #expect(standalone.stdout.contains("server: http://127.0.0.1:"))
        #expect(!standalone.stdout.contains("example.invalid"))

        let down = try Self.run(["cluster", "down"], in: work.url, environment: environment)
        #expect(down.status == 0)
        #expect(!FileManager.default.fileExists(atPath: record))
        let after = try Self.run(["cluster", "status"], in: work.url, environment: environment)
        #expect(after.status == 1)
        let cleaned = try String(contentsOfFile: home.url.appendingPathComponent(".kube/config").path, encoding: .utf8)
        #expect(!cleaned.contains("git-ops-local"))
        #expect(cleaned.contains("name: other"))
    }

    @Test("inside a repository the data lives in the git dir")
    func dataInGitDirectory() throws {
        let home = try TemporaryDirectory()
        let repository = try TemporaryDirectory()
        let environment = Self.environment(home)
        try CLIRunner.shell("git init -q .", in: repository.url)
        try FileManager.default.createDirectory(at: repository.url.appendingPathComponent("sub"), withIntermediateDirectories: true)
        let up = try Self.run(["cluster", "up"], in: repository.url.appendingPathComponent("sub"), environment: environment)
        defer { _ = try? Self.run(["cluster", "down"], in: repository.url, environment: environment) }
        #expect(up.status == 0, "\(up.stderr)")
        #expect(FileManager.default.fileExists(atPath: repository.url.appendingPathComponent(".git/ops/cluster/cluster.db").path))
        let again = try Self.run(["cluster", "up"], in: repository.url, environment: environment)
        #expect(again.stdout.hasPrefix("local cluster already running at "), "\(again.stdout)")
    }

    @Test("up refuses an emptied cluster.db, saying how to repair it; up --repair starts and says what it set aside")
    func repair() throws {
        let home = try TemporaryDirectory()
        let work = try TemporaryDirectory()
        let environment = Self.environment(home)
        let data = home.url.appendingPathComponent("state/git-ops/cluster").path
        try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true)
        #expect(FileManager.default.createFile(atPath: data + "/cluster.db", contents: Data()))

        let refused = try Self.run(["cluster", "up"], in: work.url, environment: environment)
        #expect(refused.status == 128)
        #expect(refused.stderr.contains("cannot open '\(data)/cluster.db': the file is empty; "), "\(refused.stderr)")
        #expect(refused.stderr.contains("'git ops cluster up --repair'"))

        let up = try Self.run(["cluster", "up", "--repair"], in: work.url, environment: environment)
        defer { _ = try? Self.run(["cluster", "down"], in: work.url, environment: environment) }
        #expect(up.status == 0, "\(up.stderr)")
        #expect(up.stderr.contains("warning: moved '\(data)/cluster.db' to '\(data)/cluster.db.damaged'"), "\(up.stderr)")
    }

    @Test("a bad fault spec is a usage error")
    func badFaults() throws {
        let work = try TemporaryDirectory()
        let result = try Self.run(["cluster", "serve", "--in-memory", "--faults", "errors=2"], in: work.url, environment: [:])
        #expect(result.status == 64)
        #expect(result.stderr.contains("invalid fault spec"))
    }

    @Test("every option of every subcommand's --help is in the man page", arguments: ["up", "down", "status", "kubeconfig", "serve"])
    func manPageOptions(subcommand: String) throws {
        let help = try CLIRunner.run(["cluster", subcommand, "--help"])
        #expect(help.status == 0)
        let manual = try String(contentsOf: CLIRunner.packageRoot.appendingPathComponent("man/man1/git-ops-cluster.1"), encoding: .utf8)
            .replacingOccurrences(of: "\\-", with: "-")
        let options = help.stdout.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "," || "[]/()".contains($0) })
            .map(String.init).filter { $0.hasPrefix("--") && $0 != "--help" && $0 != "--version" }
        #expect(!options.isEmpty || subcommand == "status")
        for option in Set(options) {
            let name = option.split(separator: "=").first.map(String.init) ?? option
            #expect(manual.contains(name), "git-ops-cluster.1 does not document \(name) of 'cluster \(subcommand)'")
        }
    }
}
