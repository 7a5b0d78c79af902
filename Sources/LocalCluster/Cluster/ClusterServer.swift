import Manifests

/// A running local cluster: the store, the HTTP API on a loopback port, and the simulated controllers.
package final class ClusterServer: Sendable {
    let store: ObjectStore
    /// The port the API listens on.
    package let port: Int
    /// The address the API listens on.
    package let host: String
    /// What `repair` set aside or dropped at start, a sentence each (empty when nothing was damaged).
    package var repairs: [String] { store.repairs }
    private let http: HTTPServer
    private let controllers: Task<Void, Never>
    private let stopped = Latch()

    private init(store: ObjectStore, http: HTTPServer, host: String, controllers: Task<Void, Never>) {
        self.store = store
        self.http = http
        self.host = host
        self.port = http.port
        self.controllers = controllers
        // `waitUntilClosed` asked only after the event loops stopped would never return, so it is
        // asked now, once; `wait` waits for the latch, which `stop` opens too.
        Task { [http, stopped] in
            await http.waitUntilClosed()
            await stopped.open()
        }
    }

    /// `http://127.0.0.1:<port>`.
    package var url: String { "http://\(host):\(port)" }

    /// Opens the store, creates the bootstrap objects if missing, and starts serving.
    package static func start(_ configuration: ClusterConfiguration) async throws -> ClusterServer {
        let store = try ObjectStore(directory: configuration.dataDirectory, fsync: configuration.fsync,
                                    repair: configuration.repair, space: configuration.faults.databaseSpace)
        let service = ObjectService(store: store)
        try await bootstrap(service)
        let responder = DeferredAddressAPI(service: service, faults: configuration.faults.isActive ? configuration.faults : nil,
                                           bookmarkInterval: configuration.bookmarkInterval, host: configuration.host)
        let http = try await HTTPServer(host: configuration.host, port: configuration.port, responder: responder,
                                        threads: configuration.threads)
        responder.port.set(http.port)
        let manager = ControllerManager(service: service, step: configuration.controllerStep)
        let runsControllers = configuration.runsControllers
        // Below the requests' priority: under load, clients are served first and the
        // simulated controllers catch up afterwards, as a busy real cluster's would.
        let controllers = Task(priority: .background) { if runsControllers { await manager.run() } }
        return ClusterServer(store: store, http: http, host: configuration.host, controllers: controllers)
    }

    /// Stops the controllers, ends watches and closes the port. Every acknowledged write is already on disk.
    package func stop() async {
        controllers.cancel()
        await store.closeWatches()
        await http.shutdown()
        _ = await controllers.value
        await stopped.open()
    }

    /// Waits until the server is stopped, by `stop` or by its socket closing.
    package func wait() async {
        await stopped.wait()
    }
}

/// Opens once; `wait` returns as soon as it is open, whether it opened before or after the call.
private actor Latch {
    private var isOpen = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func open() {
        isOpen = true
        for waiter in waiters { waiter.resume() }
        waiters = []
    }

    func wait() async {
        if isOpen { return }
        await withCheckedContinuation { waiters.append($0) }
    }
}
