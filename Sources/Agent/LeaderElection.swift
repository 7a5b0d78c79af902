import Foundation
import Kube
import Manifests

/// One agent acts for an environment at a time: a `coordination.k8s.io/v1`
/// Lease in the environment's cluster, taken and renewed as client-go's
/// leader election does (`tryAcquireOrRenew`): the holder renews every retry
/// period; another agent takes the Lease over only once it has seen the same
/// record unchanged for the lease's duration on its own clock, so clock skew
/// between machines does not matter; writes are guarded by the
/// resourceVersion, so of two agents racing exactly one wins.
package actor LeaderElection {
    /// client-go's defaults (15 s, 10 s, 2 s).
    package struct Timing: Sendable {
        package var leaseDuration: Double = 15
        package var renewDeadline: Double = 10
        package var retryPeriod: Double = 2
        package init() {}
    }

    let identity: String
    let name: String
    let namespace: String
    let timing: Timing
    /// The record last seen, and when it was first seen so on this clock.
    private var observed: (record: String, at: Date)?
    /// When this agent last renewed its lease.
    private var renewedAt: Date?

    package init(identity: String, name: String, namespace: String, timing: Timing = Timing()) {
        self.identity = identity
        self.name = name
        self.namespace = namespace
        self.timing = timing
    }

    static let kind = GroupVersionKind(group: "coordination.k8s.io", version: "v1", kind: "Lease")

    /// True when this agent holds the Lease (taken or renewed now).
    package func acquireOrRenew(_ client: KubeClient) async throws -> Bool {
        let now = Date.now
        guard let current = try await client.get(Self.kind, name: name, namespace: namespace) else {
            let created = try await client.create(lease(holder: identity, acquired: now, renewed: now, transitions: 0, resourceVersion: nil))
            if created != nil { renewedAt = now }
            return created != nil
        }
        let spec = current["spec"]
        let holder = spec?["holderIdentity"]?.text ?? ""
        let record = "\(holder)|\(spec?["renewTime"]?.text ?? "")|\(spec?["leaseDurationSeconds"]?.text ?? "")"
        if observed?.record != record { observed = (record, now) }
        let duration = Double(spec?["leaseDurationSeconds"]?.text ?? "") ?? timing.leaseDuration
        let transitions = Int(spec?["leaseTransitions"]?.text ?? "") ?? 0
        let resourceVersion = current["metadata"]?["resourceVersion"]?.text
        if holder != identity, !holder.isEmpty, let seen = observed?.at, now.timeIntervalSince(seen) < duration {
            return false
        }
        let acquired = holder == identity ? spec?["acquireTime"]?.text.flatMap(Self.parse) ?? now : now
        let updated = lease(holder: identity, acquired: acquired, renewed: now,
                            transitions: holder == identity ? transitions : transitions + 1, resourceVersion: resourceVersion)
        guard try await client.replace(updated) != nil else { return false }
        renewedAt = now
        observed = nil
        return true
    }

    /// Whether the last renewal is recent enough to act on (within the renew deadline).
    package func holds() -> Bool {
        guard let renewedAt else { return false }
        return Date.now.timeIntervalSince(renewedAt) < timing.renewDeadline
    }

    /// Gives the Lease up (holder emptied, a one-second duration), as client-go's ReleaseOnCancel.
    package func release(_ client: KubeClient) async {
        guard renewedAt != nil, let current = try? await client.get(Self.kind, name: name, namespace: namespace),
              current["spec"]?["holderIdentity"]?.text == identity else { return }
        var spec = current["spec"]?.mapping ?? Mapping()
        spec["holderIdentity"] = .string("")
        spec["leaseDurationSeconds"] = .int(1)
        var released = current
        released.modifyMapping { $0["spec"] = .mapping(spec) }
        _ = try? await client.replace(released)
        renewedAt = nil
    }

    func lease(holder: String, acquired: Date, renewed: Date, transitions: Int, resourceVersion: String?) -> Node {
        var metadata = Mapping(["name": .string(name), "namespace": .string(namespace)])
        if let resourceVersion { metadata["resourceVersion"] = .string(resourceVersion) }
        return .mapping(Mapping([
            "apiVersion": .string("coordination.k8s.io/v1"),
            "kind": .string("Lease"),
            "metadata": .mapping(metadata),
            "spec": .mapping(Mapping([
                "holderIdentity": .string(holder),
                "leaseDurationSeconds": .int(Int(timing.leaseDuration)),
                "acquireTime": .string(Self.format(acquired)),
                "renewTime": .string(Self.format(renewed)),
                "leaseTransitions": .int(transitions),
            ])),
        ]))
    }

    /// `MicroTime` as apimachinery writes it: `2006-01-02T15:04:05.000000Z`.
    static func format(_ date: Date) -> String {
        let seconds = date.timeIntervalSince1970
        let whole = floor(seconds)
        let micros = Int((seconds - whole) * 1_000_000)
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        let base = formatter.string(from: Date(timeIntervalSince1970: whole))
        return String(base.dropLast()) + String(format: ".%06dZ", micros)
    }

    static func parse(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text) ?? ISO8601DateFormatter().date(from: text)
    }
}
