import Manifests
import NIOCore
import NIOSSL

/// A running local cluster: the store, the HTTP API on a loopback port, and the simulated controllers.
package final class ClusterServer: Sendable {
    let store: ObjectStore
    /// The port the API listens on.
    package let port: Int
    /// The address the API listens on.
    package let host: String
    /// What `repair` set aside or dropped at start, a sentence each (empty when nothing was damaged).
    package var repairs: [String] { store.repairs }
    /// HTTPS or plain HTTP.
    package let scheme: ClusterConfiguration.Scheme
    /// What a client needs to reach the cluster as its admin over HTTPS; nil over plain HTTP.
    package let credentials: ClusterCredentials?
    private let http: HTTPServer
    private let controllers: Task<Void, Never>
    /// Held while the server runs on a data directory: the proof `down` asks for.
    private let lock: ServerLock?
    private let stopped = Latch()

    private init(store: ObjectStore, http: HTTPServer, host: String, credentials: ClusterCredentials?,
                 controllers: Task<Void, Never>, lock: ServerLock?) {
        self.store = store
        self.http = http
        self.host = host
        self.scheme = credentials == nil ? .http : .https
        self.credentials = credentials
        self.port = http.port
        self.controllers = controllers
        self.lock = lock
        // `waitUntilClosed` asked only after the event loops stopped would never return, so it is
        // asked now, once; `wait` waits for the latch, which `stop` opens too.
        Task(executorPreference: ClusterExecutor.shared) { [http, stopped] in
            await http.waitUntilClosed()
            await stopped.open()
        }
    }

    /// `https://127.0.0.1:<port>` (or `http://`).
    package var url: String { "\(scheme.rawValue)://\(host.contains(":") ? "[\(host)]" : host):\(port)" }

    /// Opens the store, creates the bootstrap objects if missing, and starts serving.
    package static func start(_ configuration: ClusterConfiguration) async throws -> ClusterServer {
        guard (0...65535).contains(configuration.port) else {
            throw ClusterError(.listen, "cannot listen on port \(configuration.port): a port is a number from 0 to 65535")
        }
        var lock: ServerLock?
        if let directory = configuration.dataDirectory {
            try prepare(dataDirectory: directory)
            lock = try ServerLock.acquire(in: directory)
        }
        let pki = configuration.scheme == .https
            ? try ClusterPKI.prepare(in: configuration.dataDirectory, host: configuration.host) : nil
        let tls = try pki.map { try tlsContext($0) }
        let store = try ObjectStore(directory: configuration.dataDirectory, fsync: configuration.fsync,
                                    repair: configuration.repair, space: configuration.faults.databaseSpace)
        let service = ObjectService(store: store)
        try await bootstrap(service)
        let responder = DeferredAddressAPI(service: service, faults: configuration.faults.isActive ? configuration.faults : nil,
                                           bookmarkInterval: configuration.bookmarkInterval, host: configuration.host,
                                           authenticates: tls != nil)
        let http: HTTPServer
        do {
            http = try await HTTPServer(host: configuration.host, port: configuration.port, responder: responder,
                                        limits: configuration.limits, tls: tls, threads: configuration.threads)
        } catch {
            throw listenError(error, host: configuration.host, port: configuration.port)
        }
        responder.port.set(http.port)
        // Every namespace's kube-root-ca.crt holds the authority clients trust, as a real cluster's does.
        let manager = ControllerManager(service: service, step: configuration.controllerStep,
                                        rootCertificate: pki?.credentials.authorityPEM ?? RootCACertPublisher.placeholderCertificate)
        let runsControllers = configuration.runsControllers
        // Below the requests' priority: under load, clients are served first and the
        // simulated controllers slow down (one of their jobs after every eight others,
        // `DedicatedExecutor`), as a busy real cluster's would.
        let controllers = Task(executorPreference: ClusterExecutor.shared, priority: .background) { if runsControllers { await manager.run() } }
        return ClusterServer(store: store, http: http, host: configuration.host, credentials: pki?.credentials,
                             controllers: controllers, lock: lock)
    }

    private static func tlsContext(_ pki: ClusterPKI) throws -> NIOSSLContext {
        do {
            return try ServerTLS.context(server: pki.server, authorityPEM: pki.authority.certificatePEM)
        } catch {
            throw ClusterError(.certificates, "cannot serve HTTPS with the certificates in 'pki': \(error)")
        }
    }

    /// Makes the data directory (and its parents) and checks that the cluster can write in it.
    package static func prepare(dataDirectory directory: String) throws {
        try ClusterFiles.makeDirectory(directory, code: .dataDirectory, failure: "cannot use '\(directory)' as the data directory")
    }

    /// NIO's bind failures, as `cannot listen on '127.0.0.1:6443': Address already in use`.
    static func listenError(_ error: any Error, host: String, port: Int) -> ClusterError {
        let address = "'\(host.contains(":") ? "[\(host)]" : host):\(port)'"
        if let error = error as? IOError { return .system(.listen, "cannot listen on \(address)", errno: error.errnoCode) }
        if error is SocketAddressError || error is SocketAddressError.UnknownHost {
            return ClusterError(.listen, "cannot listen on \(address): not an IP address or a known host name")
        }
        return ClusterError(.listen, "cannot listen on \(address): \(error)")
    }

    /// Stops the controllers, ends watches and closes the port. Every acknowledged write is already on disk.
    package func stop() async {
        controllers.cancel()
        await store.closeWatches()
        await http.shutdown()
        _ = await controllers.value
        lock?.release()
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
