/// How a local cluster runs: where it listens and how, where it keeps its data, how fast its
/// controllers step, and which faults it injects.
package struct ClusterConfiguration: Sendable {
    /// How clients reach the API.
    package enum Scheme: String, Sendable {
        /// Plain HTTP: no authentication, every request is the admin's (for tests and benchmarks
        /// that use plain HTTP clients).
        case http
        /// HTTPS with the cluster's own certificate authority; a client proves who it is with a
        /// client certificate the authority issued, as with kind.
        case https
    }

    /// The address to listen on.
    package var host = "127.0.0.1"
    /// HTTPS (the default) or plain HTTP.
    package var scheme = Scheme.https
    /// 0 picks a free port.
    package var port = 0
    /// The directory of the SQLite database; `nil` keeps everything in memory.
    package var dataDirectory: String?
    /// Wait for the disk on every commit (survives power loss, not only a killed process).
    package var fsync = true
    /// Start from what can be read of damaged storage, setting the damage aside, rather than refuse.
    package var repair = false
    /// The pause between two observable steps of a simulated rollout.
    package var controllerStep: Duration = .milliseconds(300)
    /// How often watches that asked for bookmarks get one.
    package var bookmarkInterval: Duration = .seconds(5)
    /// Failures injected on purpose (none by default).
    package var faults = FaultInjector()
    /// Whether the simulated controllers run (off only to measure the API alone).
    package var runsControllers = true
    /// Event-loop threads of the HTTP server.
    package var threads = 2
    /// What one request may send (the apiserver's bounds by default).
    package var limits = HTTPLimits()

    /// A configuration with defaults for everything else.
    package init(port: Int = 0, dataDirectory: String? = nil) {
        self.port = port
        self.dataDirectory = dataDirectory
    }
}
