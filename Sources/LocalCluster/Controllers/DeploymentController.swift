import Manifests

/// Rolls Deployments out: one ReplicaSet per pod template, a revision annotation, and a status
/// that passes through "progressing" before "available" (or times out on purpose).
struct DeploymentController {
    let context: ControllerContext
    static let revisionAnnotation = "deployment.kubernetes.io/revision"

    /// Reconciles one Deployment; returns when to look again, if the rollout is still moving.
    func reconcile(_ deployment: Node, type: ResourceType, since started: ContinuousClock.Instant,
                   owned keys: Set<ObjectKey>) async -> Duration? {
        guard deployment[path: ["metadata", "deletionTimestamp"]] == nil,
              let name = deployment[path: ["metadata", "name"]]?.string,
              let namespace = deployment[path: ["metadata", "namespace"]]?.string,
              let uid = deployment[path: ["metadata", "uid"]]?.string,
              let replicaSetType = await context.type("apps/replicasets") else { return nil }
        let replicas = ControllerContext.int(deployment[path: ["spec", "replicas"]], default: 1)
        let generation = ControllerContext.int(deployment[path: ["metadata", "generation"]], default: 1)
        let template = deployment[path: ["spec", "template"]]
        let hash = ControllerContext.templateHash(template)
        let replicaSetName = "\(name)-\(hash)"

        // ReplicaSets this Deployment controls.
        var owned: [StoredObject] = []
        for key in keys.sorted() where key.storageKey == replicaSetType.storageKey {
            guard let item = await context.store.get(key),
                  (item.object[path: ["metadata", "ownerReferences"]]?.sequence ?? []).contains(where: { $0["uid"]?.string == uid })
            else { continue }
            owned.append(item)
        }
        let maxRevision = owned.map { Int(ControllerContext.annotation($0.object, Self.revisionAnnotation) ?? "") ?? 0 }.max() ?? 0
        let current = owned.first { $0.key.name == replicaSetName }
        var revision = current.flatMap { Int(ControllerContext.annotation($0.object, Self.revisionAnnotation) ?? "") } ?? 0
        // A new template, or an old one brought back (rollback), becomes the newest revision.
        let needsNewRevision = current == nil || revision < maxRevision
        // The annotation is anyone's to write: Int.max wraps, as upstream's int64 does.
        if needsNewRevision { revision = maxRevision &+ 1 }

        if current == nil {
            _ = try? await context.service.create(replicaSetType, namespace: namespace,
                                                  object: newReplicaSet(deployment, name: replicaSetName, hash: hash,
                                                                        revision: revision, replicas: replicas),
                                                  options: WriteOptions(fieldManager: ControllerContext.manager))
        }
        for item in owned {
            var object = item.object
            let want = item.key.name == replicaSetName ? replicas : 0
            if item.key.name == replicaSetName && needsNewRevision {
                object[path: ["metadata", "annotations", Self.revisionAnnotation]] = .string(String(revision))
            }
            let relabelled = needsNewRevision && item.key.name == replicaSetName
            if ControllerContext.int(object[path: ["spec", "replicas"]], default: 1) != want || relabelled {
                object[path: ["spec", "replicas"]] = .int(want)
                await context.writeObject(object, type: replicaSetType)
            }
        }
        if ControllerContext.annotation(deployment, Self.revisionAnnotation) != String(revision) {
            var annotated = deployment
            annotated[path: ["metadata", "annotations", Self.revisionAnnotation]] = .string(String(revision))
            await context.writeObject(annotated, type: type)
            return .zero
        }

        let status = deployment["status"] ?? .emptyMapping
        let previous = status["conditions"]?.sequence ?? []
        let now = Clock.timestamp()
        let elapsed = started.duration(to: .now)
        let due = context.step + ControllerContext.readyDelay(deployment)
        var replicaSets: [StoredObject] = []
        for key in Set(owned.map(\.key) + [ObjectKey(storageKey: replicaSetType.storageKey, namespace: namespace, name: replicaSetName)]) {
            if let item = await context.store.get(key) { replicaSets.append(item) }
        }
        let counts = ReplicaCounts(replicaSets, newReplicaSet: replicaSetName)
        var next = counts.status
        next["observedGeneration"] = .int(generation)
        let message = "ReplicaSet \"\(replicaSetName)\""
        // Done when the new ReplicaSet's pods are all there and available and the old ones
        // gone; a Deployment failing on purpose never gets there, and misses its deadline (the
        // step and its ready delay) instead.
        if counts.rolledOut(replicas: replicas) {
            next["conditions"] = .sequence([
                ControllerContext.condition("Available", true, "MinimumReplicasAvailable", "Deployment has minimum availability.",
                                            now: now, previous: previous, updateTime: true),
                ControllerContext.condition("Progressing", true, "NewReplicaSetAvailable",
                                            "\(message) has successfully progressed.", now: now, previous: previous, updateTime: true),
            ])
            await context.writeStatus(deployment, type: type, status: .mapping(next))
            return nil
        }
        if ControllerContext.fails(deployment) && elapsed >= due {
            next["conditions"] = .sequence([
                ControllerContext.condition("Available", false, "MinimumReplicasUnavailable",
                                            "Deployment does not have minimum availability.", now: now,
                                            previous: previous, updateTime: true),
                ControllerContext.condition("Progressing", false, "ProgressDeadlineExceeded",
                                            "\(message) has timed out progressing.", now: now, previous: previous,
                                            updateTime: true),
            ])
            await context.writeStatus(deployment, type: type, status: .mapping(next))
            return nil
        }
        var conditions: [Node] = []
        if let availableCondition = previous.first(where: { $0["type"]?.string == "Available" }) {
            conditions.append(availableCondition)
        } else {
            conditions.append(ControllerContext.condition("Available", false, "MinimumReplicasUnavailable",
                                                          "Deployment does not have minimum availability.", now: now,
                                                          previous: previous, updateTime: true))
        }
        conditions.append(ControllerContext.condition("Progressing", true, "ReplicaSetUpdated",
                                                      "\(message) is progressing.", now: now, previous: previous,
                                                      updateTime: true))
        next["conditions"] = .sequence(conditions)
        await context.writeStatus(deployment, type: type, status: .mapping(next))
        // The ReplicaSet's changes bring the Deployment back; this is a fallback, and the deadline.
        return elapsed < due ? min(context.step, max(due - elapsed, .milliseconds(10))) : context.step
    }

    private func newReplicaSet(_ deployment: Node, name: String, hash: String, revision: Int, replicas: Int) -> Node {
        var template = deployment[path: ["spec", "template"]] ?? .emptyMapping
        template[path: ["metadata", "labels", "pod-template-hash"]] = .string(hash)
        var selector = deployment[path: ["spec", "selector"]] ?? .emptyMapping
        selector[path: ["matchLabels", "pod-template-hash"]] = .string(hash)
        var labels = template[path: ["metadata", "labels"]] ?? .emptyMapping
        labels["pod-template-hash"] = .string(hash)
        let owner = Node.mapping(Mapping([
            "apiVersion": .string("apps/v1"), "kind": .string("Deployment"),
            "name": deployment[path: ["metadata", "name"]] ?? .string(""),
            "uid": deployment[path: ["metadata", "uid"]] ?? .string(""),
            "controller": .bool(true), "blockOwnerDeletion": .bool(true),
        ]))
        return .mapping(Mapping([
            "apiVersion": .string("apps/v1"), "kind": .string("ReplicaSet"),
            "metadata": .mapping(Mapping([
                "name": .string(name), "labels": labels,
                "annotations": .mapping(Mapping([
                    Self.revisionAnnotation: .string(String(revision)),
                    "deployment.kubernetes.io/desired-replicas": .string(String(replicas)),
                ])),
                "ownerReferences": .sequence([owner]),
            ])),
            "spec": .mapping(Mapping(["replicas": .int(replicas), "selector": selector, "template": template])),
        ]))
    }
}
