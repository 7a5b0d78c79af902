import Foundation
import Testing
@testable import LocalCluster

/// The simulated pods of ReplicaSets, StatefulSets and DaemonSets, as `kubectl get pods` shows them.
@Suite("kubectl: the pods workloads run", .enabled(if: Kubectl.isInstalled, "kubectl is not installed at /usr/bin/kubectl"))
struct KubectlPodTests {
    /// The rows of `kubectl get pods --no-headers` (name, ready, status, restarts, age), split on spaces.
    static func pods(_ kubectl: Kubectl, _ namespace: String, _ extra: [String] = []) async throws -> [[String]] {
        let result = try await kubectl.run(["get", "pods", "-n", namespace, "--no-headers"] + extra)
        return result.stdout.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
    }

    /// Polls until the namespace's pods (of `selector`) are `count` rows that all read `ready`
    /// and Running; the controllers act asynchronously.
    static func waitForPods(_ kubectl: Kubectl, _ namespace: String, count: Int, ready: String = "1/1",
                            selector: [String] = []) async throws -> [[String]] {
        var rows: [[String]] = []
        let settled = try await ObjectLifecycleTests.eventually {
            rows = try await pods(kubectl, namespace, selector)
            return rows.count == count && rows.allSatisfy { $0.count >= 3 && $0[1] == ready && $0[2] == "Running" }
        }
        #expect(settled, "pods never became \(count) × \(ready) Running: \(rows)")
        return rows
    }

    /// A ReplicaSet or StatefulSet of `replicas` pods labelled `app: <name>` (and `labels`), each
    /// with one container of `image`; `spec` adds a line to the spec.
    static func workload(_ kind: String, _ name: String, replicas: Int, image: String, labels: String = "",
                         spec: String = "") -> String {
        """
        apiVersion: apps/v1
        kind: \(kind)
        metadata: {name: \(name)}
        spec:
          replicas: \(replicas)
          \(spec)
          selector: {matchLabels: {app: \(name)}}
          template:
            metadata: {labels: {app: \(name)\(labels.isEmpty ? "" : ", " + labels)}}
            spec: {containers: [{name: main, image: "\(image)"}]}
        """
    }

    /// `jsonpath` of the namespace's pods.
    static func podField(_ kubectl: Kubectl, _ namespace: String, _ path: String) async throws -> String {
        try await kubectl.run(["get", "pods", "-n", namespace, "-o", "jsonpath=\(path)"]).stdout
    }

    @Test("create deployment --replicas=2 runs two Ready pods of its ReplicaSet; scaling makes three, then one")
    func deploymentPods() async throws {
        let (kubectl, namespace) = try await KubectlChecklistTests.setUp("pods")
        let created = try await kubectl.run(["create", "deployment", "web", "--image=nginx", "--replicas=2", "-n", namespace])
        #expect(created.stdout == "deployment.apps/web created\n", "\(created)")
        let rows = try await Self.waitForPods(kubectl, namespace, count: 2)
        let replicaSet = try await kubectl.run(["get", "rs", "-n", namespace, "-o", "jsonpath={.items[0].metadata.name}"]).stdout
        #expect(rows.allSatisfy { $0[0].hasPrefix(replicaSet + "-") && $0[3] == "0" }, "\(rows) of \(replicaSet)")
        let hash = String(replicaSet.dropFirst("web-".count))
        let owners = try await Self.podField(kubectl, namespace, "{range .items[*]}{.metadata.ownerReferences[0].kind}/{.metadata.ownerReferences[0].name} {.metadata.labels.app} {.metadata.labels.pod-template-hash} {.spec.nodeName}{\"\\n\"}{end}")
        #expect(owners == String(repeating: "ReplicaSet/\(replicaSet) web \(hash) git-ops-local-control-plane\n", count: 2), "\(owners)")
        let statuses = try await Self.podField(kubectl, namespace, "{range .items[*]}{.status.conditions[?(@.type==\"Ready\")].status} {.status.containerStatuses[0].name} {.status.containerStatuses[0].image} {.status.containerStatuses[0].ready} {.status.hostIP}{\"\\n\"}{end}")
        #expect(statuses == String(repeating: "True nginx nginx true 10.0.0.1\n", count: 2), "\(statuses)")
        let addresses = try await Self.podField(kubectl, namespace, "{.items[*].status.podIP}").split(separator: " ")
        #expect(addresses.count == 2 && Set(addresses).count == 2 && addresses.allSatisfy { $0.hasPrefix("10.244.") }, "\(addresses)")

        _ = try await kubectl.run(["scale", "deployment", "web", "--replicas=3", "-n", namespace])
        let three = try await Self.waitForPods(kubectl, namespace, count: 3)
        #expect(Set(rows.map { $0[0] }).isSubset(of: Set(three.map { $0[0] })), "\(rows) → \(three)")
        _ = try await kubectl.run(["scale", "deployment", "web", "--replicas=1", "-n", namespace])
        _ = try await Self.waitForPods(kubectl, namespace, count: 1)
        // The Deployment's counts follow its ReplicaSet's, which follow the pods.
        var described = ""
        let settled = try await ObjectLifecycleTests.eventually {
            described = try await kubectl.run(["describe", "deployment", "web", "-n", namespace]).stdout
            return described.contains("1 desired | 1 updated | 1 total | 1 available | 0 unavailable")
        }
        #expect(settled, "\(described)")
    }

    @Test("a rollout of a new image replaces every pod with one of the new ReplicaSet")
    func rolloutReplacesPods() async throws {
        let (kubectl, namespace) = try await KubectlChecklistTests.withDeployment()
        let before = try await Self.waitForPods(kubectl, namespace, count: 2).map { $0[0] }
        let updated = try await kubectl.run(["set", "image", "deployment/web", "nginx=nginx:1.27", "-n", namespace])
        #expect(updated.status == 0, "\(updated)")
        let rollout = try await kubectl.run(["rollout", "status", "deployment/web", "-n", namespace, "--timeout=60s"])
        #expect(rollout.stdout.hasSuffix("deployment \"web\" successfully rolled out\n"), "\(rollout)")
        let after = try await Self.waitForPods(kubectl, namespace, count: 2).map { $0[0] }
        #expect(Set(after).isDisjoint(with: before), "\(before) → \(after)")
        let images = try await Self.podField(kubectl, namespace, "{.items[*].spec.containers[0].image}")
        #expect(images == "nginx:1.27 nginx:1.27", "\(images)")
    }

    @Test("a failed rollout's new pods run but are not Ready")
    func failedRolloutPods() async throws {
        let (kubectl, namespace) = try await KubectlChecklistTests.setUp("failpods")
        _ = try await kubectl.run(["apply", "--server-side", "-n", namespace, "-f", Kubectl.fixture("deploy-fail.yaml")])
        let rows = try await Self.waitForPods(kubectl, namespace, count: 2, ready: "0/1")
        #expect(rows.count == 2)
        let ready = try await Self.podField(kubectl, namespace, "{.items[*].status.conditions[?(@.type==\"Ready\")].reason}")
        #expect(ready == "ContainersNotReady ContainersNotReady", "\(ready)")
        let rollout = try await kubectl.run(["rollout", "status", "deployment/web", "-n", namespace, "--timeout=60s"])
        #expect(rollout.stderr.contains("exceeded its progress deadline"), "\(rollout)")
        // The counts follow the pods, which may come after the deadline.
        var counts = ""
        let counted = try await ObjectLifecycleTests.eventually {
            counts = try await kubectl.run(["get", "deploy", "web", "-n", namespace, "-o",
                                            "jsonpath={.status.replicas} {.status.updatedReplicas} {.status.unavailableReplicas}"]).stdout
            return counts == "2 2 2"
        }
        #expect(counted, "\(counts)")
    }

    @Test("a deleted pod is made again; deleting its ReplicaSet garbage-collects the pods")
    func replicaSetPods() async throws {
        let (kubectl, namespace) = try await KubectlChecklistTests.setUp("rs")
        let file = try KubectlInstallTests.file(kubectl, "rs.yaml", Self.workload("ReplicaSet", "cache", replicas: 2,
                                                                                  image: "redis:7", labels: "tier: backend"))
        _ = try await kubectl.run(["apply", "-n", namespace, "-f", file])
        let rows = try await Self.waitForPods(kubectl, namespace, count: 2)
        let deleted = try await kubectl.run(["delete", "pod", rows[0][0], "-n", namespace])
        #expect(deleted.status == 0, "\(deleted)")
        let again = try await Self.waitForPods(kubectl, namespace, count: 2)
        #expect(!again.map { $0[0] }.contains(rows[0][0]) && again.map { $0[0] }.contains(rows[1][0]), "\(rows) → \(again)")
        let labels = try await Self.podField(kubectl, namespace, "{.items[*].metadata.labels.tier}")
        #expect(labels == "backend backend", "\(labels)")

        let removed = try await kubectl.run(["delete", "rs", "cache", "-n", namespace])
        #expect(removed.status == 0, "\(removed)")
        let collected = try await ObjectLifecycleTests.eventually { try await Self.pods(kubectl, namespace).isEmpty }
        #expect(collected)
    }

    @Test("a StatefulSet runs its pods as <name>-0 … <name>-(n-1), removes the highest when scaled down, replaces them for a new template")
    func statefulSetPods() async throws {
        let (kubectl, namespace) = try await KubectlChecklistTests.setUp("sts")
        let file = try KubectlInstallTests.file(kubectl, "db.yaml", Self.workload("StatefulSet", "db", replicas: 3,
                                                                                  image: "postgres:16", spec: "serviceName: db"))
        _ = try await kubectl.run(["apply", "--server-side", "-n", namespace, "-f", file])
        let rows = try await Self.waitForPods(kubectl, namespace, count: 3)
        #expect(rows.map { $0[0] } == ["db-0", "db-1", "db-2"], "\(rows)")
        let identity = try await Self.podField(kubectl, namespace, "{range .items[*]}{.metadata.ownerReferences[0].kind}/{.metadata.ownerReferences[0].name} {.metadata.labels.apps\\.kubernetes\\.io/pod-index} {.metadata.labels.statefulset\\.kubernetes\\.io/pod-name} {.spec.hostname}.{.spec.subdomain}{\"\\n\"}{end}")
        #expect(identity == "StatefulSet/db 0 db-0 db-0.db\nStatefulSet/db 1 db-1 db-1.db\nStatefulSet/db 2 db-2 db-2.db\n", "\(identity)")
        let revision = try await kubectl.run(["get", "sts", "db", "-n", namespace, "-o", "jsonpath={.status.updateRevision}"]).stdout
        let hashes = try await Self.podField(kubectl, namespace, "{.items[*].metadata.labels.controller-revision-hash}")
        #expect(hashes == "\(revision) \(revision) \(revision)" && revision.hasPrefix("db-"), "\(hashes) / \(revision)")

        _ = try await kubectl.run(["scale", "sts", "db", "--replicas=1", "-n", namespace])
        let one = try await Self.waitForPods(kubectl, namespace, count: 1)
        #expect(one.map { $0[0] } == ["db-0"], "\(one)")

        _ = try await kubectl.run(["set", "image", "sts/db", "main=postgres:17", "-n", namespace])
        let rollout = try await kubectl.run(["rollout", "status", "sts/db", "-n", namespace, "--timeout=60s"])
        #expect(rollout.stdout.hasSuffix("partitioned roll out complete: 1 new pods have been updated...\n"), "\(rollout)")
        let image = try await Self.podField(kubectl, namespace, "{.items[*].metadata.name} {.items[*].spec.containers[0].image}")
        #expect(image == "db-0 postgres:17", "\(image)")
    }

    @Test("a DaemonSet runs one pod on the one node, bound and tolerating as upstream's are; a new template replaces it")
    func daemonSetPods() async throws {
        let (kubectl, namespace) = try await KubectlChecklistTests.setUp("ds")
        let applied = try await kubectl.run(["apply", "--server-side", "-n", namespace, "-f", Kubectl.fixture("sts.yaml")])
        #expect(applied.status == 0, "\(applied)")
        let rows = try await Self.waitForPods(kubectl, namespace, count: 1, selector: ["-l", "app=agent"])
        #expect(rows.first?.first?.hasPrefix("agent-") == true, "\(rows)")
        let pod = try await kubectl.run(["get", "pods", "-n", namespace, "-l", "app=agent", "-o", "jsonpath={.items[0].metadata.ownerReferences[0].kind} {.items[0].metadata.labels.pod-template-generation} {.items[0].spec.nodeName} {.items[0].spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchFields[0].values[0]} {.items[0].spec.tolerations[*].key}"])
        #expect(pod.stdout == "DaemonSet 1 git-ops-local-control-plane git-ops-local-control-plane node.kubernetes.io/not-ready node.kubernetes.io/unreachable node.kubernetes.io/disk-pressure node.kubernetes.io/memory-pressure node.kubernetes.io/pid-pressure node.kubernetes.io/unschedulable",
                "\(pod)")
        let status = try await kubectl.run(["get", "ds", "agent", "-n", namespace, "-o",
                                            "jsonpath={.status.desiredNumberScheduled} {.status.currentNumberScheduled} {.status.numberReady}"])
        #expect(status.stdout == "1 1 1", "\(status)")

        _ = try await kubectl.run(["set", "image", "ds/agent", "a=busybox:1.37", "-n", namespace])
        let rollout = try await kubectl.run(["rollout", "status", "ds/agent", "-n", namespace, "--timeout=60s"])
        #expect(rollout.stdout.hasSuffix("daemon set \"agent\" successfully rolled out\n"), "\(rollout)")
        let replaced = try await Self.waitForPods(kubectl, namespace, count: 1, selector: ["-l", "app=agent"])
        #expect(replaced.first?.first != rows.first?.first, "\(rows) → \(replaced)")
        let image = try await kubectl.run(["get", "pods", "-n", namespace, "-l", "app=agent", "-o",
                                           "jsonpath={.items[*].spec.containers[0].image} {.items[*].metadata.labels.pod-template-generation}"])
        #expect(image.stdout == "busybox:1.37 2", "\(image)")
    }
}
