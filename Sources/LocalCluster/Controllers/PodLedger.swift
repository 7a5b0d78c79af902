import Manifests

/// What the controller loop keeps about pods between passes: the addresses in use, and the pods
/// its controllers created that no store event has reported yet (upstream's controller
/// expectations), so a controller that runs again before those events does not make them twice.
struct PodLedger: Sendable {
    var addresses = PodIPAllocator()
    /// Pods created and not yet seen in an event, by the uid of their controller.
    private var pending: [String: Set<ObjectKey>] = [:]

    /// The pods `owner` created that the loop has not seen yet.
    func pending(for owner: String) -> Set<ObjectKey> {
        pending[owner] ?? []
    }

    mutating func created(_ key: ObjectKey, by owner: String) {
        pending[owner, default: []].insert(key)
    }

    /// A pod the loop saw in an event (or at start): its address is taken, it is no longer pending.
    mutating func observe(_ pod: StoredObject) {
        if let address = pod.object[path: ["status", "podIP"]]?.string { addresses.claim(address) }
        settle(pod)
    }

    /// A pod that is gone: its address is free again.
    mutating func forget(_ pod: StoredObject) {
        if let address = pod.object[path: ["status", "podIP"]]?.string { addresses.release(address) }
        settle(pod)
    }

    private mutating func settle(_ pod: StoredObject) {
        guard let owner = PodControl.controllerUID(pod.object), pending[owner] != nil else { return }
        pending[owner]?.remove(pod.key)
        if pending[owner]?.isEmpty == true { pending[owner] = nil }
    }
}
