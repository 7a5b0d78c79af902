import Digests
import Manifests

/// What a simulated controller works with: the object service, timing, and the helpers
/// every controller uses to write status like kube-controller-manager does.
struct ControllerContext: Sendable {
    let service: ObjectService
    /// The pause between two observable steps of a rollout.
    let step: Duration
    /// The CA bundle every namespace's `kube-root-ca.crt` publishes (PEM).
    var rootCertificate = RootCACertPublisher.placeholderCertificate

    static let manager = "kube-controller-manager"
    /// Makes the current generation of a Deployment, StatefulSet or DaemonSet never become ready, or a Job fail.
    static let failAnnotation = "localcluster.git-ops.dev/fail-rollout"
    /// Slows readiness by a duration (`3s`, `500ms`).
    static let readyDelayAnnotation = "localcluster.git-ops.dev/ready-delay"

    var store: ObjectStore { service.store }

    func type(_ storageKey: String) async -> ResourceType? {
        await store.registry.find(storageKey: storageKey)
    }

    static func annotation(_ object: Node, _ name: String) -> String? {
        object[path: ["metadata", "annotations", name]]?.text
    }

    static func fails(_ object: Node) -> Bool {
        annotation(object, failAnnotation) == "true"
    }

    /// The ready delay the object asks for, on top of the controller step.
    static func readyDelay(_ object: Node) -> Duration {
        guard let text = annotation(object, readyDelayAnnotation) else { return .zero }
        return FaultInjector.duration(text) ?? .zero
    }

    static func int(_ node: Node?, default value: Int = 0) -> Int {
        node?.text.flatMap { Int($0) } ?? value
    }

    /// Writes `status` through the status subresource as the controller manager (or `manager`);
    /// `false` when the object changed meanwhile (the caller retries on the next event).
    @discardableResult
    func writeStatus(_ object: Node, type: ResourceType, status: Node, manager: String = manager) async -> Bool {
        guard !Validator.sameValue(object["status"] ?? .emptyMapping, status) else { return true }
        var proposed = object
        proposed["status"] = status
        var options = WriteOptions(fieldManager: manager, scope: .status)
        options.scope = type.hasStatus ? .status : .main
        do {
            _ = try await service.change(type, namespace: object[path: ["metadata", "namespace"]]?.string,
                                         name: object[path: ["metadata", "name"]]?.string ?? "",
                                         .replace(proposed), options: options)
            return true
        } catch {
            return false
        }
    }

    /// Writes the whole object (metadata or spec changes) as the controller manager.
    @discardableResult
    func writeObject(_ object: Node, type: ResourceType) async -> Bool {
        do {
            _ = try await service.change(type, namespace: object[path: ["metadata", "namespace"]]?.string,
                                         name: object[path: ["metadata", "name"]]?.string ?? "",
                                         .replace(object), options: WriteOptions(fieldManager: Self.manager))
            return true
        } catch {
            return false
        }
    }

    static func condition(_ type: String, _ status: Bool, _ reason: String, _ message: String, now: String,
                          previous: [Node], updateTime: Bool = false) -> Node {
        let statusText = status ? "True" : "False"
        let old = previous.first { $0["type"]?.string == type }
        let transition = old.flatMap { $0["status"]?.string == statusText ? $0["lastTransitionTime"] : nil } ?? .string(now)
        var mapping = Mapping()
        mapping["type"] = .string(type)
        mapping["status"] = .string(statusText)
        if updateTime {
            let same = old?["reason"]?.string == reason && old?["status"]?.string == statusText
            mapping["lastUpdateTime"] = same ? (old?["lastUpdateTime"] ?? .string(now)) : .string(now)
        }
        mapping["lastTransitionTime"] = transition
        mapping["reason"] = .string(reason)
        mapping["message"] = .string(message)
        return .mapping(mapping)
    }

    /// A 10-character hash of a pod template, as `pod-template-hash` looks.
    static func templateHash(_ template: Node?) -> String {
        let text = (try? JSON.serialize(template ?? .null, options: .init(sortKeys: true))) ?? ""
        var value = FNV1a.hash(text)
        let alphabet = Array("bcdfghjklmnpqrstvwxz2456789")
        var result = ""
        for _ in 0..<10 {
            result.append(alphabet[Int(value % UInt64(alphabet.count))])
            value /= UInt64(alphabet.count)
        }
        return result
    }
}
