import Agent
import ArgumentParser
import Digests
import Foundation
import Git
import Reconcile
import State
import UnixSignals

/// `git ops agent`: continuous reconciliation of a repository's environments.
struct AgentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agent",
        abstract: "Keep every environment's cluster equal to its branch, continuously.",
        discussion: """
            Keeps a bare clone of the repository under the state directory, fetches it every \
            environment's interval (and at once when a signed webhook arrives), syncs each new \
            commit of an environment's branch as 'git ops sync' does (recorded the same way and \
            pushed back), checks drift every interval and re-applies the deployment where selfHeal \
            is on. Serves webhooks at /hooks/github, /hooks/gitlab, /hooks/gitea and \
            /hooks/generic, Prometheus metrics at /metrics, /healthz, /readyz and a status page at /. \
            SIGTERM or SIGINT lets syncs in progress finish, then exits. See git-ops-agent(1).
            """
    )

    @Option(name: .long, help: ArgumentHelp("The repository to follow: a URL or a path (default: this repository's origin, else this repository).", valueName: "url-or-path"))
    var repo: String?

    @Option(name: .customLong("env"), help: ArgumentHelp("An environment to keep in sync (repeatable; default: all of .gitops.yaml).", valueName: "name"))
    var environments: [String] = []

    @Option(name: .long, help: ArgumentHelp("Where to serve webhooks, metrics and the status page.", valueName: "address:port"))
    var listen: String = AgentOptions.defaultListen

    @Option(name: .customLong("state-dir"), help: ArgumentHelp("Where to keep the clone (default: $XDG_STATE_HOME/git-ops/agent/<repository>).", valueName: "directory"))
    var stateDirectory: String?

    @Option(name: .customLong("webhook-secret-file"), help: ArgumentHelp("A file holding the webhook secret, for every provider or, as provider=file, for one.", valueName: "[provider=]file"))
    var secretFiles: [String] = []

    @Option(name: .long, help: "How many environments may sync at once.")
    var concurrency: Int = 4

    @Flag(name: .customLong("no-push"), help: "Keep the deployment records in the clone; do not push them back.")
    var noPush = false

    @Flag(name: .customLong("no-leader-election"), help: "Act without holding each environment's Lease (one agent only).")
    var noLeaderElection = false

    @Option(name: .customLong("lease-namespace"), help: ArgumentHelp("The namespace of the environments' Leases.", valueName: "namespace"))
    var leaseNamespace: String = "default"

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let source = try repo ?? Self.defaultRepository()
        guard let (host, port) = AgentOptions.parseListen(listen) else {
            throw CLIError(.usage, "invalid --listen '\(listen)'; write address:port, such as 127.0.0.1:9797")
        }
        guard concurrency > 0 else { throw CLIError(.usage, "--concurrency must be at least 1") }
        var options = AgentOptions(repository: source, stateDirectory: stateDirectory ?? Self.defaultStateDirectory(for: source, environment: environment))
        options.environments = environments
        options.listenHost = host
        options.listenPort = port
        options.concurrency = concurrency
        options.publish = !noPush
        options.leaderElection = !noLeaderElection
        options.leaseNamespace = leaseNamespace
        options.webhookSecrets = try Self.secrets(files: secretFiles, environment: environment)
        options.log = { line in FileHandleOutput.standardError.write("git-ops agent: \(UTCTime.format(UTCTime.now())) \(line)\n") }
        let agent = Agent(options: options)
        let server: AgentServerHandle
        do {
            server = try await agent.serve()
        } catch {
            throw CLIError(.fatal, "cannot listen on \(listen): \(error)")
        }
        FileHandleOutput.standardError.write("git-ops agent: following \(source), state in \(options.stateDirectory), listening on http://\(host):\(server.port)/\n")
        // SIGTERM and SIGINT stop the agent gracefully.
        let signals = await UnixSignalsSequence(trapping: .sigterm, .sigint)
        let watcher = Task {
            for await _ in signals {
                await agent.stop()
                break
            }
        }
        defer { watcher.cancel() }
        do {
            try await agent.run()
        } catch let error as ReconcileError {
            await server.shutdown()
            throw CLIError(.fatal, error.message)
        }
        await server.shutdown()
        FileHandleOutput.standardError.write("git-ops agent: stopped\n")
    }

    /// This repository's `origin`, else this repository's path.
    static func defaultRepository() throws -> String {
        let repository = try ReconcileOptions.repository()
        if let url = try? repository.configValue("remote.origin.url"), !url.isEmpty { return url }
        return repository.workTree ?? repository.gitDirectory
    }

    /// `$XDG_STATE_HOME/git-ops/agent/<name>-<digest>` (`~/.local/state` without it).
    static func defaultStateDirectory(for source: String, environment: [String: String]) -> String {
        let base = environment["XDG_STATE_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? ((environment["HOME"] ?? NSHomeDirectory()) as NSString).appendingPathComponent(".local/state")
        var name = (source as NSString).lastPathComponent
        if name.hasSuffix(".git") { name = String(name.dropLast(4)) }
        name = String(name.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "-" })
        return "\(base)/git-ops/agent/\(name)-\(SHA256.hexDigest(Array(source.utf8)).prefix(8))"
    }

    /// The webhook secrets: `GIT_OPS_WEBHOOK_SECRET` for every provider,
    /// `GIT_OPS_<PROVIDER>_SECRET` for one, then the files given (which win).
    static func secrets(files: [String], environment: [String: String]) throws -> [String: [UInt8]] {
        var secrets: [String: [UInt8]] = [:]
        if let all = environment["GIT_OPS_WEBHOOK_SECRET"], !all.isEmpty {
            for provider in WebhookVerifier.providers { secrets[provider] = Array(all.utf8) }
        }
        for provider in WebhookVerifier.providers {
            if let value = environment["GIT_OPS_\(provider.uppercased())_SECRET"], !value.isEmpty { secrets[provider] = Array(value.utf8) }
        }
        for item in files {
            var providers = WebhookVerifier.providers
            var path = item
            if let equals = item.firstIndex(of: "="), WebhookVerifier.providers.contains(String(item[..<equals])) {
                providers = [String(item[..<equals])]
                path = String(item[item.index(after: equals)...])
            }
            guard let data = FileManager.default.contents(atPath: path) else {
                throw CLIError(.usage, "cannot read the webhook secret file '\(path)'")
            }
            // A trailing newline, as editors and `echo` leave one, is not part of the secret.
            var secret = [UInt8](data)
            while let last = secret.last, last == 0x0A || last == 0x0D { secret.removeLast() }
            guard !secret.isEmpty else { throw CLIError(.usage, "the webhook secret file '\(path)' is empty") }
            for provider in providers { secrets[provider] = secret }
        }
        return secrets
    }
}
