import Manifests

/// A user's `exec` entry: a credential plugin kubectl runs for a token or a client
/// certificate (`aws eks get-token`, `gke-gcloud-auth-plugin`, `kubelogin`).
package struct ExecConfig: Sendable, Equatable {
    /// When the plugin may talk to the user; this client never has a terminal to offer.
    package enum InteractiveMode: String, Sendable {
        case never = "Never"
        case ifAvailable = "IfAvailable"
        case always = "Always"
    }

    /// The program: a name looked up in `PATH`, or a path (a relative one with a slash is
    /// resolved against the kubeconfig's directory, as client-go does).
    package var command: String
    /// Its arguments.
    package var arguments: [String] = []
    /// Variables added to its environment, in order.
    package var environment: [(name: String, value: String)] = []
    /// The `ExecCredential` version asked for and expected back.
    package var apiVersion: String
    /// What to print when the program is missing.
    package var installHint: String?
    /// Whether the plugin is told about the cluster in `KUBERNETES_EXEC_INFO`.
    package var provideClusterInfo = false
    /// When it may be interactive.
    package var interactiveMode = InteractiveMode.ifAvailable

    /// The versions of `ExecCredential` this client reads.
    static let apiVersions = ["client.authentication.k8s.io/v1", "client.authentication.k8s.io/v1beta1"]

    /// A plugin of `command` with defaults for the rest.
    package init(command: String, arguments: [String] = [], apiVersion: String = "client.authentication.k8s.io/v1") {
        self.command = command
        self.arguments = arguments
        self.apiVersion = apiVersion
    }

    /// Reads an `exec` entry of user `user`.
    init(node: Node, directory: String, user: String, file: String) throws {
        func fail(_ detail: String) -> KubeconfigError {
            KubeconfigError(.unreadable, "cannot read kubeconfig '\(file)': the exec plugin of user '\(user)' \(detail)")
        }
        guard let command = node["command"]?.text, !command.isEmpty else { throw fail("has no command") }
        self.command = command.contains("/") && !command.hasPrefix("/") ? directory + "/" + command : command
        arguments = node["args"]?.sequence?.compactMap(\.text) ?? []
        environment = try (node["env"]?.sequence ?? []).map { item in
            guard let name = item["name"]?.text, let value = item["value"]?.text else { throw fail("has an env entry without a name or value") }
            return (name, value)
        }
        apiVersion = node["apiVersion"]?.text ?? ""
        guard Self.apiVersions.contains(apiVersion) else {
            throw fail("asks for apiVersion '\(apiVersion)'; known: \(Self.apiVersions.joined(separator: ", "))")
        }
        installHint = node["installHint"]?.text
        provideClusterInfo = node["provideClusterInfo"]?.text == "true"
        if let mode = node["interactiveMode"]?.text {
            guard let known = InteractiveMode(rawValue: mode) else { throw fail("has interactiveMode '\(mode)'; known: Never, IfAvailable, Always") }
            interactiveMode = known
        }
    }

    /// Equal in every setting (the environment compared pair by pair, as tuples are not Equatable).
    package static func == (a: ExecConfig, b: ExecConfig) -> Bool {
        a.command == b.command && a.arguments == b.arguments && a.apiVersion == b.apiVersion && a.installHint == b.installHint
            && a.provideClusterInfo == b.provideClusterInfo && a.interactiveMode == b.interactiveMode
            && a.environment.map(\.name) == b.environment.map(\.name) && a.environment.map(\.value) == b.environment.map(\.value)
    }
}
