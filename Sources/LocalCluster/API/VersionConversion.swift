import Manifests

/// A built-in served at a version other than the one it is stored at, converted both ways
/// as upstream's conversion functions do: requests at the served version are turned into the
/// stored form before anything else sees them, and answers are turned back.
struct VersionConversion: Sendable {
    enum Pair: Sendable {
        /// autoscaling/v1 HorizontalPodAutoscaler over the stored autoscaling/v2.
        case horizontalPodAutoscalerV1
    }

    let pair: Pair

    static func `for`(_ type: ResourceType) -> VersionConversion? {
        if type.group == "autoscaling" && type.version == "v1" && type.kind == "HorizontalPodAutoscaler" {
            return VersionConversion(pair: .horizontalPodAutoscalerV1)
        }
        return nil
    }

    /// Stored form → served form.
    func down(_ object: Node) -> Node {
        switch pair {
        case .horizontalPodAutoscalerV1: return HorizontalPodAutoscalerV1.fromV2(object)
        }
    }

    /// Served form → stored form.
    func up(_ object: Node) -> Node {
        switch pair {
        case .horizontalPodAutoscalerV1: return HorizontalPodAutoscalerV1.toV2(object)
        }
    }
}

/// autoscaling/v1 has only a CPU utilization target; everything else v2 says travels in
/// annotations, so a v1 client that reads and writes back an object loses nothing
/// (upstream's `autoscaling.alpha.kubernetes.io/*` annotations; their values here are v2 JSON).
enum HorizontalPodAutoscalerV1 {
    static let metricsAnnotation = "autoscaling.alpha.kubernetes.io/metrics"
    static let currentMetricsAnnotation = "autoscaling.alpha.kubernetes.io/current-metrics"
    static let conditionsAnnotation = "autoscaling.alpha.kubernetes.io/conditions"
    static let behaviorAnnotation = "autoscaling.alpha.kubernetes.io/behavior"

    private static func isCPUUtilization(_ metric: Node) -> Bool {
        metric["type"]?.string == "Resource" && metric[path: ["resource", "name"]]?.string == "cpu"
            && metric[path: ["resource", "target", "type"]]?.string == "Utilization"
    }

    private static func isCPU(_ metric: Node) -> Bool {
        metric["type"]?.string == "Resource" && metric[path: ["resource", "name"]]?.string == "cpu"
    }

    private static func json(_ node: Node) -> Node {
        .string((try? JSON.serialize(node)) ?? "")
    }

    static func fromV2(_ object: Node) -> Node {
        var result = object
        result["apiVersion"] = .string("autoscaling/v1")
        var annotations = object[path: ["metadata", "annotations"]]?.mapping ?? Mapping()
        if let spec = object["spec"]?.mapping {
            var out = Mapping()
            out["scaleTargetRef"] = spec["scaleTargetRef"]
            out["minReplicas"] = spec["minReplicas"]
            out["maxReplicas"] = spec["maxReplicas"]
            let metrics = spec["metrics"]?.sequence ?? []
            if let cpu = metrics.first(where: isCPUUtilization) {
                out["targetCPUUtilizationPercentage"] = cpu[path: ["resource", "target", "averageUtilization"]]
            }
            let others = metrics.filter { !isCPUUtilization($0) }
            if !others.isEmpty { annotations[metricsAnnotation] = json(.sequence(others)) }
            if let behavior = spec["behavior"] { annotations[behaviorAnnotation] = json(behavior) }
            result["spec"] = .mapping(out)
        }
        if let status = object["status"]?.mapping {
            var out = Mapping()
            for key in ["observedGeneration", "lastScaleTime", "currentReplicas", "desiredReplicas"] { out[key] = status[key] }
            let current = status["currentMetrics"]?.sequence ?? []
            if let cpu = current.first(where: isCPU) {
                out["currentCPUUtilizationPercentage"] = cpu[path: ["resource", "current", "averageUtilization"]]
            }
            let others = current.filter { !isCPU($0) }
            if !others.isEmpty { annotations[currentMetricsAnnotation] = json(.sequence(others)) }
            if let conditions = status["conditions"], !(conditions.sequence?.isEmpty ?? true) {
                annotations[conditionsAnnotation] = json(conditions)
            }
            result["status"] = .mapping(out)
        }
        if !annotations.isEmpty { result[path: ["metadata", "annotations"]] = .mapping(annotations) }
        return result
    }

    static func toV2(_ object: Node) -> Node {
        var result = object
        result["apiVersion"] = .string("autoscaling/v2")
        var annotations = object[path: ["metadata", "annotations"]]?.mapping ?? Mapping()
        func takeJSON(_ key: String) -> Node? {
            guard let text = annotations.removeValue(forKey: key)?.string else { return nil }
            return try? JSON.parse(text)
        }
        if let spec = object["spec"]?.mapping {
            var out = Mapping()
            out["scaleTargetRef"] = spec["scaleTargetRef"]
            out["minReplicas"] = spec["minReplicas"]
            out["maxReplicas"] = spec["maxReplicas"]
            // Other metrics first, then CPU, as upstream orders them.
            var metrics = takeJSON(metricsAnnotation)?.sequence ?? []
            if let target = spec["targetCPUUtilizationPercentage"] {
                metrics.append(.mapping(Mapping([
                    "type": .string("Resource"),
                    "resource": .mapping(Mapping([
                        "name": .string("cpu"),
                        "target": .mapping(Mapping(["type": .string("Utilization"), "averageUtilization": target])),
                    ])),
                ])))
            }
            if !metrics.isEmpty { out["metrics"] = .sequence(metrics) }
            out["behavior"] = takeJSON(behaviorAnnotation)
            result["spec"] = .mapping(out)
        } else {
            _ = takeJSON(metricsAnnotation)
            _ = takeJSON(behaviorAnnotation)
        }
        var status = Mapping()
        if let old = object["status"]?.mapping {
            for key in ["observedGeneration", "lastScaleTime", "currentReplicas", "desiredReplicas"] { status[key] = old[key] }
            var current = takeJSON(currentMetricsAnnotation)?.sequence ?? []
            if let cpu = old["currentCPUUtilizationPercentage"] {
                current.append(.mapping(Mapping([
                    "type": .string("Resource"),
                    "resource": .mapping(Mapping([
                        "name": .string("cpu"), "current": .mapping(Mapping(["averageUtilization": cpu])),
                    ])),
                ])))
            }
            if !current.isEmpty { status["currentMetrics"] = .sequence(current) }
        } else {
            _ = takeJSON(currentMetricsAnnotation)
        }
        if let conditions = takeJSON(conditionsAnnotation) { status["conditions"] = conditions }
        if object["status"] != nil || !status.isEmpty { result["status"] = .mapping(status) }
        result[path: ["metadata", "annotations"]] = annotations.isEmpty ? nil : .mapping(annotations)
        return result
    }
}
