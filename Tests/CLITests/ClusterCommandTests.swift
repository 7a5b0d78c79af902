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
        #expect(status.stdout.hasPrefix("local cluster running at https://127.0.0.1:"))

        let config = try String(contentsOfFile: home.url.appendingPathComponent(".kube/config").path, encoding: .utf8)
        #expect(config.contains("name: other"))
        #expect(config.contains("current-context: git-ops-local"))

        if FileManager.default.isExecutableFile(atPath: "/usr/bin/kubectl") {
            let namespaces = try Self.run(["--context", "git-ops-local", "get", "ns", "-o", "name"], in: work.url,
                                          executable: "/usr/bin/kubectl", environment: environment)
            #expect(namespaces.status == 0, "\(namespaces.stderr)")
            #expect(namespaces.stdout.contains("namespace/default\n"))
            #expect(namespaces.stdout.contains("namespace/kube-system\n"))
            // The context carries the admin's client certificate, as kind's does.
            let whoami = try Self.run(["--context", "git-ops-local", "auth", "whoami", "-o", "jsonpath={.status.userInfo.username}"],
                                      in: work.url, executable: "/usr/bin/kubectl", environment: environment)
            #expect(whoami.stdout == "kubernetes-admin", "\(whoami.stderr)")
        }

        let standalone = try Self.run(["cluster", "kubeconfig"], in: work.url, environment: environment)
        #expect(standalone.stdout.contains("server: https://127.0.0.1:"))
        #expect(standalone.stdout.contains("certificate-authority-data: "))
        #expect(standalone.stdout.contains("client-key-data: "))
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

    @Test("clusters of different names run side by side, each with its own data directory and context")
    func sideBySide() throws {
        let home = try TemporaryDirectory()
        let work = try TemporaryDirectory()
        let environment = Self.environment(home)
        defer {
            for name in ["staging", "prod"] { _ = try? Self.run(["cluster", "down", "--name", name], in: work.url, environment: environment) }
        }
        for name in ["staging", "prod"] {
            let up = try Self.run(["cluster", "up", "--name", name], in: work.url, environment: environment)
            #expect(up.status == 0, "\(up.stderr)")
            #expect(up.stdout.contains("data in \(home.url.path)/state/git-ops/cluster-\(name))"), "\(up.stdout)")
            #expect(up.stdout.contains("context 'git-ops-\(name)' written to \(home.url.path)/.kube/config and made current"))
        }
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/kubectl") {
            // A namespace made in one cluster is not in the other.
            let made = try Self.run(["--context", "git-ops-staging", "create", "namespace", "only-staging"], in: work.url,
                                    executable: "/usr/bin/kubectl", environment: environment)
            #expect(made.status == 0, "\(made.stderr)")
            let staging = try Self.run(["--context", "git-ops-staging", "get", "ns", "only-staging", "-o", "name"], in: work.url,
                                       executable: "/usr/bin/kubectl", environment: environment)
            #expect(staging.stdout == "namespace/only-staging\n", "\(staging.stderr)")
            let prod = try Self.run(["--context", "git-ops-prod", "get", "ns", "only-staging"], in: work.url,
                                    executable: "/usr/bin/kubectl", environment: environment)
            #expect(prod.status == 1)
            #expect(prod.stderr.contains("NotFound"), "\(prod.stderr)")
        }
        let down = try Self.run(["cluster", "down", "--name", "staging"], in: work.url, environment: environment)
        #expect(down.status == 0)
        let status = try Self.run(["cluster", "status", "--name", "prod"], in: work.url, environment: environment)
        #expect(status.status == 0, "\(status.stdout)")
        #expect(status.stdout.hasSuffix("context git-ops-prod)\n"))
        let config = try String(contentsOfFile: home.url.appendingPathComponent(".kube/config").path, encoding: .utf8)
        #expect(!config.contains("git-ops-staging"))
        #expect(config.contains("name: git-ops-prod"))
    }

    @Test("a --name that is not a DNS label is a usage error", arguments: ["Prod", "a_b", "x-", ""])
    func badName(name: String) throws {
        let work = try TemporaryDirectory()
        let result = try Self.runBounded(["up", "--name", name], in: work.url)
        #expect(result.status == 64, "\(result.stdout)\(result.stderr)")
        #expect(result.stderr == "error: invalid --name '\(name)': use up to 40 lower-case letters, digits and '-', as in a DNS label\n")
    }

    @Test("with --insecure-http the cluster serves plain HTTP and the context carries no credentials")
    func insecureHTTP() throws {
        let home = try TemporaryDirectory()
        let work = try TemporaryDirectory()
        let environment = Self.environment(home)
        let up = try Self.run(["cluster", "up", "--name", "plain", "--insecure-http"], in: work.url, environment: environment)
        defer { _ = try? Self.run(["cluster", "down", "--name", "plain"], in: work.url, environment: environment) }
        #expect(up.stdout.hasPrefix("local cluster running at http://127.0.0.1:"), "\(up.stdout)\(up.stderr)")
        let standalone = try Self.run(["cluster", "kubeconfig", "--name", "plain"], in: work.url, environment: environment)
        #expect(standalone.stdout.contains("server: http://127.0.0.1:"))
        #expect(!standalone.stdout.contains("client-key-data"))
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

    /// Runs `git-ops cluster <arguments>` for at most 20 seconds: a server that should have
    /// refused to start would otherwise serve for ever. SIGKILL, as for kubectl (see
    /// `Kubectl.run`): the child may start with SIGTERM blocked.
    static func runBounded(_ arguments: [String], in directory: URL) throws -> CLIRunner.Result {
        try run(["--signal=KILL", "20", CLIRunner.binary.path, "cluster"] + arguments, in: directory, executable: "/usr/bin/timeout",
                environment: [:])
    }

    @Test("a --port past 65535 is a usage error, not another port", arguments: [
        ["serve", "--in-memory", "--port", "65536"], ["serve", "--in-memory", "--port", "70000"], ["up", "--port", "70000"],
    ])
    func portOutOfRange(arguments: [String]) throws {
        let work = try TemporaryDirectory()
        let result = try Self.runBounded(arguments + ["--data", work.url.path + "/data"], in: work.url)
        #expect(result.status == 64, "\(result.stdout)\(result.stderr)")
        #expect(result.stderr == "error: invalid --port '\(arguments[arguments.count - 1])': a port is a number from 0 to 65535 (0 picks a free one)\n")
    }

    @Test("a --data that cannot be a directory is reported with the system's reason and a remedy", arguments: ["file", "file/sub"])
    func unusableData(path: String) throws {
        let work = try TemporaryDirectory()
        try work.write(["file": "not a directory"])
        let data = work.url.appendingPathComponent(path).path
        for subcommand in ["serve", "up"] {
            let result = try Self.runBounded([subcommand, "--data", data], in: work.url)
            #expect(result.status == 128, "\(result.stdout)\(result.stderr)")
            #expect(result.stderr == "error: cannot use '\(data)' as the data directory: Not a directory; choose another with --data\n")
        }
    }

    @Test("a --host that is not an address of this machine is reported without NIO's internals")
    func foreignHost() throws {
        let work = try TemporaryDirectory()
        let result = try Self.runBounded(["serve", "--in-memory", "--host", "192.0.2.1"], in: work.url)
        #expect(result.status == 128)
        #expect(result.stderr == "error: cannot listen on '192.0.2.1:0': Cannot assign requested address; "
                + "--host takes an IP address of this machine, such as 127.0.0.1\n")
    }

    @Test("a record that cannot be written is one error with the system's reason")
    func unwritableRecord() throws {
        let work = try TemporaryDirectory()
        // Where this and earlier versions write server.json before renaming it.
        try FileManager.default.createDirectory(at: work.url.appendingPathComponent("data/server.json.tmp"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: work.url.appendingPathComponent("data/server.json.git-ops.tmp"),
                                                withIntermediateDirectories: true)
        let result = try Self.runBounded(["serve", "--data", work.url.path + "/data"], in: work.url)
        #expect(result.status == 128)
        #expect(result.stderr == "error: cannot write '\(work.url.path)/data/server.json.git-ops.tmp': Is a directory\n")
    }

    /// Whether this machine lets us make a private PID namespace (root, or user namespaces).
    static let canUnsharePID: Bool = {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/unshare"),
              let result = try? run(["--pid", "--fork", "--mount-proc", "true"], in: URL(fileURLWithPath: "/"),
                                    executable: "/usr/bin/unshare", environment: [:]) else { return false }
        return result.status == 0
    }()

    /// A record of `pid` for a data directory no server runs on, as a hostile or stale `server.json` could say.
    static func writeRecord(pid: String, in data: URL) throws {
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        try #"{"pid":\#(pid),"host":"127.0.0.1","port":1,"url":"http://127.0.0.1:1"}"#
            .write(to: data.appendingPathComponent("server.json"), atomically: true, encoding: .utf8)
    }

    /// `down` runs in a private PID namespace beside a sentinel process, so that a signal sent to
    /// every process (pid -1) or to the caller's group (pid 0) reaches only them, and shows.
    @Test("down sends no signal for a recorded pid that is not its directory's server",
          .enabled(if: canUnsharePID, "no private PID namespace here"), arguments: ["-1", "0", "$SENTINEL"])
    func downRefusesPid(pid: String) throws {
        let home = try TemporaryDirectory()
        let data = home.url.appendingPathComponent("data")
        let script = """
            sleep 60 & SENTINEL=$!
            printf '{"pid":%s,"host":"127.0.0.1","port":1,"url":"http://127.0.0.1:1"}' "\(pid)" > "$0/server.json"
            timeout --signal=KILL 30 "$1" cluster down --data "$0"; echo "down exited $?"
            kill -0 $SENTINEL && echo "sentinel alive"
            kill $SENTINEL
            """
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        let result = try Self.run(["--pid", "--fork", "--mount-proc", "sh", "-c", script, data.path, CLIRunner.binary.path],
                                  in: home.url, executable: "/usr/bin/unshare", environment: Self.environment(home))
        #expect(result.stdout == "local cluster is not running\ndown exited 0\nsentinel alive\n", "\(result.stdout)\(result.stderr)")
    }

    /// Runs `body` while `cluster up --data <home>/<name>` runs, with the server's pid; stops it after.
    static func withCluster(_ home: TemporaryDirectory, data name: String,
                            _ body: (_ data: String, _ pid: String, _ environment: [String: String]) throws -> Void) throws {
        let environment = Self.environment(home)
        let data = home.url.appendingPathComponent(name).path
        let up = try run(["cluster", "up", "--data", data], in: home.url, environment: environment)
        defer { _ = try? run(["cluster", "down", "--data", data], in: home.url, environment: environment) }
        #expect(up.status == 0, "\(up.stderr)")
        let pid = up.stdout.split(separator: "(pid ").dropFirst().first?.split(separator: ",").first ?? ""
        try body(data, String(pid), environment)
    }

    @Test("down leaves alone the server of another data directory, whatever the record says")
    func downSparesOtherServer() throws {
        let home = try TemporaryDirectory()
        try Self.withCluster(home, data: "first") { first, pid, environment in
            let second = home.url.appendingPathComponent("second")
            try Self.writeRecord(pid: pid, in: second)
            let down = try Self.run(["cluster", "down", "--data", second.path], in: home.url, environment: environment)
            #expect(down.stdout == "local cluster is not running\n")
            let status = try Self.run(["cluster", "status", "--data", first], in: home.url, environment: environment)
            #expect(status.status == 0, "\(status.stdout)")
        }
    }

    @Test("a second server on a data directory in use is refused, naming the first")
    func dataInUse() throws {
        let home = try TemporaryDirectory()
        try Self.withCluster(home, data: "data") { data, pid, _ in
            let second = try Self.runBounded(["serve", "--data", data], in: home.url)
            #expect(second.status == 128)
            #expect(second.stderr == "error: the data directory '\(data)' is in use by another local cluster (pid \(pid)); "
                    + "stop it with 'git ops cluster down'\n")
        }
    }

    @Test("the limits cluster --help names are the man page's")
    func limitsInStep() throws {
        let help = try CLIRunner.run(["cluster", "--help"])
        let manual = try String(contentsOf: CLIRunner.packageRoot.appendingPathComponent("man/man1/git-ops-cluster.1"), encoding: .utf8)
        for limit in ["3 MiB", "1.5 MiB", "1 MiB", "10000 operations", "90 s", "60 s"] {
            #expect(help.stdout.contains(limit), "cluster --help does not name \(limit)")
            let spelled = limit.replacingOccurrences(of: " s", with: " seconds")
            #expect(manual.contains(spelled), "git-ops-cluster.1 does not name \(spelled)")
        }
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
