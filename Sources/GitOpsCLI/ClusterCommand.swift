import ArgumentParser
import FoundationEssentials
import Kube
import LocalCluster
#if canImport(Glibc)
import Glibc
#endif

/// `git ops cluster`: the embedded local cluster (up, down, status, kubeconfig, serve).
struct ClusterCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cluster",
        abstract: "Run a local Kubernetes API server for git-ops, the tests and the quickstart.",
        discussion: """
            The local cluster is an in-process Kubernetes API server (no containers) that kubectl \
            accepts: discovery, apply, watch, namespaces, CRDs, and simulated controllers. Its objects \
            live in SQLite under the repository's git dir, or under the user's state directory \
            outside a repository.

            Requests are bounded as a real apiserver bounds them: request bodies to 3 MiB (413), \
            objects to 1.5 MiB (500, etcd's error), request headers to 1 MiB (431), JSON patches to \
            10000 operations; a connection is closed when a request's head is not complete 90 s \
            after the last answer, or its body 60 s after its head. See LIMITS in git-ops-cluster(1).

            It serves HTTPS with a certificate authority of its own, made at its first start; \
            'up' writes the context git-ops-<name> with the authority and the admin's client \
            certificate into the kubeconfig, as kind does. Several clusters with different \
            --name run side by side, each with its own data directory and context.
            """,
        subcommands: [Up.self, Down.self, Status.self, Kubeconfig.self, Serve.self]
    )

    /// Options every subcommand shares.
    struct Location: ParsableArguments {
        @Option(name: .long, help: ArgumentHelp("The cluster's name: its context is git-ops-<name>.", valueName: "name"))
        var name: String = ClusterContext.defaultName
        @Option(name: .long, help: ArgumentHelp("Where the cluster keeps its data (default: <git-dir>/ops/cluster, or cluster-<name> beside it for another name; under $XDG_STATE_HOME/git-ops outside a repository).", valueName: "dir"))
        var data: String?

        /// The data directory, once the name is checked.
        func directory() throws -> String {
            try ClusterContext.check(name)
            return data.map(ClusterPaths.absolute) ?? ClusterPaths.defaultDataDirectory(name: name)
        }

        /// `git-ops-<name>`.
        var context: String { ClusterContext.name(name) }
    }

    struct Up: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "up", abstract: "Start the local cluster in the background and write its kubeconfig context.")

        @OptionGroup var location: Location
        @Option(name: .long, help: "The port to listen on on 127.0.0.1, up to 65535 (default: 0, a free port).")
        var port: Int = 0
        @Option(name: .long, help: ArgumentHelp("Inject faults, e.g. 'errors=0.1,codes=503|429,latency=20ms,drop=0.01'.", valueName: "spec"))
        var faults: String?
        @Flag(name: .long, inversion: .prefixedNo, help: "Wait for the disk on every commit, so acknowledged writes also survive power loss.")
        var fsync = true
        @Flag(name: .long, help: Self.repairHelp)
        var repair = false

        static let repairHelp = ArgumentHelp(
            "Start from what can be read of damaged storage, rather than refuse: set damaged files aside and move damaged objects to the table 'quarantine', saying which.")
        @Flag(name: .long, help: "Serve plain HTTP with no authentication, for tools that cannot present a client certificate.")
        var insecureHTTP = false

        func run() async throws {
            try ClusterCommand.checkPort(port)
            let directory = try location.directory()
            if let record = ClusterRecord.read(in: directory), record.isAlive {
                if repair { FileHandleOutput.standardError.write("warning: --repair ignored: the local cluster is running\n") }
                let path = try ClusterContext.write(location.name, record: record)
                print("local cluster already running at \(record.url) (pid \(record.pid))")
                print("context '\(location.context)' written to \(path)")
                return
            }
            ClusterRecord.remove(in: directory)
            do { try ClusterServer.prepare(dataDirectory: directory) } catch { throw ClusterCommand.failure(error) }
            var arguments = ["cluster", "serve", "--data", directory, "--port", String(port)]
            if let faults { arguments += ["--faults", faults] }
            if !fsync { arguments.append("--no-fsync") }
            if repair { arguments.append("--repair") }
            if insecureHTTP { arguments.append("--insecure-http") }
            let log = directory + "/server.log"
            let start = ClusterPaths.size(of: log)
            let pid = try DetachedProcess.start(arguments: arguments, log: log)
            let record = try await ClusterPaths.waitForRecord(in: directory, pid: pid, logFrom: start)
            // What the server said before it served: what --repair did.
            for line in ClusterPaths.lines(of: log, from: start) where !line.hasPrefix("local cluster serving at ") {
                FileHandleOutput.standardError.write(line + "\n")
            }
            let path = try ClusterContext.write(location.name, record: record)
            print("local cluster running at \(record.url) (pid \(record.pid), data in \(directory))")
            print("context '\(location.context)' written to \(path) and made current")
            print("try: kubectl --context \(location.context) get namespaces")
        }
    }

    struct Down: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "down", abstract: "Stop the local cluster and remove its kubeconfig context; its data stays.")

        @OptionGroup var location: Location

        func run() async throws {
            let directory = try location.directory()
            // Only a pid proven to be this directory's server is ever signalled, and proven
            // again before SIGKILL: the pid may have been reused in the meantime.
            guard let record = ClusterRecord.read(in: directory), let pid = record.runningServer else {
                ClusterRecord.remove(in: directory)
                try ClusterContext.remove(location.name)
                print("local cluster is not running")
                return
            }
            kill(pid, SIGTERM)
            for _ in 0..<200 where record.runningServer == pid {
                try await Task.sleep(for: .milliseconds(50))
            }
            if record.runningServer == pid {
                kill(pid, SIGKILL)
                FileHandleOutput.standardError.write("warning: the local cluster did not stop in 10s and was killed\n")
            }
            ClusterRecord.remove(in: directory)
            try ClusterContext.remove(location.name)
            print("local cluster stopped (data kept in \(directory))")
        }
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "status", abstract: "Say whether the local cluster runs, and where.")

        @OptionGroup var location: Location

        func run() async throws {
            let directory = try location.directory()
            guard let record = ClusterRecord.read(in: directory), record.isAlive else {
                print("local cluster is not running (data: \(directory))")
                throw ExitCode(ExitStatus.no.rawValue)
            }
            print("local cluster running at \(record.url) (pid \(record.pid), data in \(directory), context \(location.context))")
        }
    }

    struct Kubeconfig: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "kubeconfig", abstract: "Print a kubeconfig that reaches the running local cluster.")

        @OptionGroup var location: Location

        func run() async throws {
            guard let record = ClusterRecord.read(in: try location.directory()), record.isAlive else {
                throw CLIError(.no, "the local cluster is not running; start it with 'git ops cluster up'")
            }
            print(try YAMLText.document(Kube.Kubeconfig.document(with: try ClusterContext.entry(location.name, record: record))), terminator: "")
        }
    }

    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "serve", abstract: "Run the local cluster in the foreground (for systemd, containers and tests).")

        @OptionGroup var location: Location
        @Option(name: .long, help: "The port to listen on, up to 65535 (default: 0, a free port).")
        var port: Int = 0
        @Option(name: .long, help: "The IP address to listen on.")
        var host: String = "127.0.0.1"
        @Option(name: .long, help: ArgumentHelp("Inject faults (also $GIT_OPS_CLUSTER_FAULTS), e.g. 'errors=0.1,codes=503|429,latency=20ms,drop=0.01'.", valueName: "spec"))
        var faults: String?
        @Option(name: .long, help: ArgumentHelp("The pause between two steps of a simulated rollout.", valueName: "duration"))
        var step: String = "300ms"
        @Flag(name: .long, help: "Keep everything in memory; nothing is written to disk.")
        var inMemory = false
        @Flag(name: .long, inversion: .prefixedNo, help: "Run the simulated controllers (off only to measure the API alone).")
        var controllers = true
        @Flag(name: .long, inversion: .prefixedNo, help: "Wait for the disk on every commit, so acknowledged writes also survive power loss.")
        var fsync = true
        @Flag(name: .long, help: Up.repairHelp)
        var repair = false
        @Flag(name: .long, help: "Serve plain HTTP with no authentication, for tools that cannot present a client certificate.")
        var insecureHTTP = false

        func run() async throws {
            try ClusterCommand.checkPort(port)
            let directory = try location.directory()
            var configuration = ClusterConfiguration(port: port, dataDirectory: inMemory ? nil : directory)
            configuration.host = host
            configuration.scheme = insecureHTTP ? .http : .https
            guard let step = FaultInjector.duration(step) else { throw CLIError(.usage, "invalid --step '\(step)'; use e.g. 300ms or 1s") }
            configuration.controllerStep = step
            configuration.runsControllers = controllers
            configuration.fsync = fsync
            configuration.repair = repair
            if let spec = faults ?? ProcessInfo.processInfo.environment["GIT_OPS_CLUSTER_FAULTS"], !spec.isEmpty {
                do { configuration.faults = try FaultInjector(spec: spec) } catch { throw CLIError(.usage, "\(error)") }
            }
            // Caught from before the address is printed: a stop sent as soon as it is read is
            // kept until the server runs, rather than ignored while the handler is being set up.
            let (signals, sources) = ClusterPaths.stopSignals()
            let server: ClusterServer
            do {
                server = try await ClusterServer.start(configuration)
            } catch {
                throw ClusterCommand.failure(error)
            }
            for repaired in server.repairs { FileHandleOutput.standardError.write("warning: \(repaired)\n") }
            if repair && server.repairs.isEmpty {
                FileHandleOutput.standardError.write("nothing to repair in '\(directory)/cluster.db'\n")
            }
            let record = ClusterRecord(pid: getpid(), host: host, port: server.port, dataDirectory: directory, scheme: server.scheme)
            if !inMemory {
                do { try record.write() } catch { throw ClusterCommand.failure(error) }
            }
            FileHandleOutput.standardOutput.write("local cluster serving at \(server.url)\n")
            Task {
                for await _ in signals { await server.stop(); break }
            }
            await server.wait()
            withExtendedLifetime(sources) {}
            if !inMemory { ClusterRecord.remove(in: directory) }
        }
    }
}
