import FoundationEssentials
import Manifests
import NIOPosix

/// Runs a user's exec credential plugin and keeps its answer until it expires (or the
/// server refuses it), as client-go's `exec` authenticator does. One actor per connection,
/// so concurrent requests wait for one run rather than starting many.
actor ExecCredentialPlugin {
    private let config: ExecConfig
    private let connection: ClusterConnection
    private var cached: ExecCredential?
    private var running: Task<ExecCredential, any Error>?

    init(config: ExecConfig, connection: ClusterConnection) {
        self.config = config
        self.connection = connection
    }

    /// The cached credential while it is valid, else a fresh one.
    func credential() async throws -> ExecCredential {
        if let cached, cached.isValid(at: Date()) { return cached }
        if let running { return try await running.value }
        let task = Task { [config, connection] in try await Self.run(config, connection: connection) }
        running = task
        defer { running = nil }
        let credential = try await task.value
        cached = credential
        return credential
    }

    /// Forgets the cached credential: the server refused it.
    func invalidate() {
        cached = nil
    }

    /// Runs the plugin once, on NIO's pool for blocking work.
    static func run(_ config: ExecConfig, connection: ClusterConnection) async throws -> ExecCredential {
        if config.interactiveMode == .always {
            throw KubeconfigError(.execPlugin, "exec plugin '\(config.command)' must be interactive (interactiveMode: Always), "
                                      + "and git-ops runs it without a terminal")
        }
        var variables = ProcessInfo.processInfo.environment
        for variable in config.environment { variables[variable.name] = variable.value }
        variables["KUBERNETES_EXEC_INFO"] = try execInfo(config, connection: connection)
        let environment = variables
        let command = [config.command] + config.arguments
        let result: ChildProcess
        do {
            result = try await NIOThreadPool.singleton.runIfActive { try ChildProcess.run(command, environment: environment) }
        } catch let error as KubeconfigError {
            let hint = config.installHint.map { "\n" + $0 } ?? ""
            throw KubeconfigError(.execPlugin, "cannot run exec plugin of context '\(connection.context)': \(error.message)\(hint)")
        }
        guard result.status == 0 else {
            let detail = result.standardError.split(separator: UInt8(ascii: "\n")).first
                .map { ": " + String(decoding: $0.prefix(300), as: UTF8.self) } ?? ""
            throw KubeconfigError(.execPlugin, "exec plugin '\(config.command)' of context '\(connection.context)' failed "
                                      + "with exit status \(result.status)\(detail)")
        }
        return try ExecCredential(output: result.standardOutput, expectedVersion: config.apiVersion, plugin: config.command)
    }

    /// `KUBERNETES_EXEC_INFO`: the request, never interactive, with the cluster when asked for.
    static func execInfo(_ config: ExecConfig, connection: ClusterConnection) throws -> String {
        var spec = Mapping(["interactive": .bool(false)])
        if config.provideClusterInfo {
            var cluster = Mapping(["server": .string(connection.server.description)])
            if let authority = connection.authorityPEM { cluster["certificate-authority-data"] = .string(Base64.encode(authority)) }
            if connection.insecureSkipTLSVerify { cluster["insecure-skip-tls-verify"] = .bool(true) }
            if let name = connection.tlsServerName { cluster["tls-server-name"] = .string(name) }
            spec["cluster"] = .mapping(cluster)
        }
        return try JSON.serialize(.mapping(Mapping([
            "apiVersion": .string(config.apiVersion), "kind": .string("ExecCredential"), "spec": .mapping(spec),
        ])))
    }
}
