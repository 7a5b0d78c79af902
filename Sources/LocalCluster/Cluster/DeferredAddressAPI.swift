import Synchronization

/// The cluster API, told its port once the listener is bound (legacy discovery reports it).
final class DeferredAddressAPI: HTTPResponder {
    /// The bound port, written once right after binding and read by every request.
    final class Port: Sendable {
        private let value = Mutex(0)
        func set(_ port: Int) { value.withLock { $0 = port } }
        func get() -> Int { value.withLock { $0 } }
    }

    let port = Port()
    private let service: ObjectService
    private let faults: FaultInjector?
    private let bookmarkInterval: Duration
    private let host: String
    private let authenticates: Bool

    init(service: ObjectService, faults: FaultInjector?, bookmarkInterval: Duration, host: String, authenticates: Bool) {
        self.service = service
        self.faults = faults
        self.bookmarkInterval = bookmarkInterval
        self.host = host
        self.authenticates = authenticates
    }

    func respond(to request: HTTPRequest) async -> HTTPResponse {
        let api = ClusterAPI(service: service, serverAddress: "\(host):\(port.get())", faults: faults,
                             bookmarkInterval: bookmarkInterval, authenticates: authenticates)
        return await api.respond(to: request)
    }

    func respond(to refusal: HTTPRefusal) -> HTTPResponse {
        ClusterAPI.respond(to: refusal)
    }
}
