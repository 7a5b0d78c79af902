import Foundation
@testable import Kube
import Manifests
import Testing

/// Exec credential plugins: run as kubectl runs them, their answer kept until it expires.
@Suite("exec credential plugins")
struct ExecCredentialPluginTests {
    /// A plugin script that records its runs, arguments, environment and exec info beside
    /// itself, and prints `answer`.
    static func plugin(in scratch: Scratch, answer: String, status: Int = 0, stderr: String = "") throws -> String {
        try scratch.write("plugin.sh", """
            #!/bin/sh
            echo run >> "$0.runs"
            printf '%s' "$KUBERNETES_EXEC_INFO" > "$0.info"
            printf '%s\\n' "$@" > "$0.args"
            printf '%s' "$GREETING" > "$0.env"
            printf '\(stderr)' >&2
            cat <<'EOF'
            \(answer)
            EOF
            exit \(status)
            """, mode: 0o755)
    }

    static func answer(token: String = "tok-123", expiration: String? = "2999-01-01T00:00:00Z",
                       apiVersion: String = "client.authentication.k8s.io/v1") -> String {
        #"{"apiVersion":"\#(apiVersion)","kind":"ExecCredential","status":{"token":"\#(token)""#
            + (expiration.map { #","expirationTimestamp":"\#($0)""# } ?? "") + "}}"
    }

    static func connection(_ config: ExecConfig) throws -> ClusterConnection {
        var connection = ClusterConnection(context: "c", server: try ServerAddress("https://k:6443"))
        connection.authorityPEM = Array("CA".utf8)
        connection.credentials.exec = config
        return connection
    }

    @Test("the plugin gets its arguments, environment and exec info, and its token is used")
    func runs() async throws {
        let scratch = try Scratch()
        var config = ExecConfig(command: try Self.plugin(in: scratch, answer: Self.answer()), arguments: ["get-token", "--cluster", "x"])
        config.environment = [("GREETING", "hello")]
        config.provideClusterInfo = true
        let plugin = ExecCredentialPlugin(config: config, connection: try Self.connection(config))
        let credential = try await plugin.credential()
        #expect(credential.token == "tok-123")
        #expect(try scratch.read("plugin.sh.args") == "get-token\n--cluster\nx\n")
        #expect(try scratch.read("plugin.sh.env") == "hello")
        let info = try JSON.parse(try scratch.read("plugin.sh.info"))
        #expect(info["kind"]?.text == "ExecCredential")
        #expect(info[path: ["spec", "interactive"]]?.text == "false")
        #expect(info[path: ["spec", "cluster", "server"]]?.text == "https://k:6443")
        #expect(info[path: ["spec", "cluster", "certificate-authority-data"]]?.text == Data("CA".utf8).base64EncodedString())
    }

    @Test("a credential is kept until it expires; an expired one, or one the server refused, runs the plugin again")
    func caching() async throws {
        let scratch = try Scratch()
        let lasting = ExecConfig(command: try Self.plugin(in: scratch, answer: Self.answer()))
        let plugin = ExecCredentialPlugin(config: lasting, connection: try Self.connection(lasting))
        _ = try await plugin.credential()
        _ = try await plugin.credential()
        #expect(try scratch.read("plugin.sh.runs") == "run\n")
        await plugin.invalidate()
        _ = try await plugin.credential()
        #expect(try scratch.read("plugin.sh.runs") == "run\nrun\n")

        let expired = try Scratch()
        let config = ExecConfig(command: try Self.plugin(in: expired, answer: Self.answer(expiration: "2000-01-01T00:00:00.5Z")))
        let stale = ExecCredentialPlugin(config: config, connection: try Self.connection(config))
        _ = try await stale.credential()
        _ = try await stale.credential()
        #expect(try expired.read("plugin.sh.runs") == "run\nrun\n")
    }

    @Test("a plugin's failure names it, its exit status and its first line of errors")
    func failure() async throws {
        let scratch = try Scratch()
        let config = ExecConfig(command: try Self.plugin(in: scratch, answer: "", status: 3, stderr: "not logged in\\nsecond line"))
        await #expect(throws: KubeconfigError(.execPlugin, "exec plugin '\(config.command)' of context 'c' failed with exit status 3: not logged in")) {
            try await ExecCredentialPlugin.run(config, connection: try Self.connection(config))
        }
    }

    @Test("a missing plugin is reported with its install hint")
    func missing() async throws {
        var config = ExecConfig(command: "git-ops-no-such-plugin")
        config.installHint = "install it with: apt-get install no-such-plugin"
        await #expect(throws: KubeconfigError(.execPlugin, "cannot run exec plugin of context 'c': cannot run 'git-ops-no-such-plugin': "
                                                + "No such file or directory\ninstall it with: apt-get install no-such-plugin")) {
            try await ExecCredentialPlugin.run(config, connection: try Self.connection(config))
        }
    }

    @Test("an answer of another version, or without credentials, is refused without quoting it", arguments: [
        (answer(apiVersion: "client.authentication.k8s.io/v1beta1"), "apiVersion 'client.authentication.k8s.io/v1beta1', not the 'client.authentication.k8s.io/v1' asked for"),
        (#"{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{}}"#, "neither a token nor a client certificate"),
        ("secret-token-printed-raw", "something that is not JSON"),
    ])
    func badAnswers(answer: String, detail: String) async throws {
        let scratch = try Scratch()
        let config = ExecConfig(command: try Self.plugin(in: scratch, answer: answer))
        await #expect(throws: KubeconfigError(.execPlugin, "exec plugin '\(config.command)' answered \(detail)")) {
            try await ExecCredentialPlugin.run(config, connection: try Self.connection(config))
        }
    }

    @Test("an exec entry in a kubeconfig is read with its relative command beside the file")
    func fromKubeconfig() throws {
        let scratch = try Scratch()
        let path = try scratch.write("config", """
            current-context: c
            contexts: [{name: c, context: {cluster: k, user: u}}]
            clusters: [{name: k, cluster: {server: 'https://k'}}]
            users:
            - name: u
              user:
                exec:
                  apiVersion: client.authentication.k8s.io/v1
                  command: bin/plugin
                  args: [a]
                  env: [{name: A, value: b}]
                  interactiveMode: Never
                  installHint: get it
            """)
        let exec = try #require(try Kubeconfig.read(path)?.connection().credentials.exec)
        #expect(exec.command == scratch.path + "/bin/plugin")
        #expect(exec.arguments == ["a"])
        #expect(exec.environment.map(\.name) == ["A"])
        #expect(exec.interactiveMode == .never)
        #expect(exec.installHint == "get it")
    }
}
