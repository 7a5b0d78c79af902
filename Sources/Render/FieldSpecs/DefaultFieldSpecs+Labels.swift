import Manifests

// kustomize v5.5.0's built-in field specs for the metadata transformers
// (api/internal/konfig/builtinpluginconsts: commonlabels.go, metadatalabels.go,
// templatelabels.go, commonannotations.go, images.go, replicas.go, varreference.go).

extension DefaultFieldSpecs {
    /// `metadata/labels` of every object and the labels of the pod (and claim)
    /// templates of the workload kinds: kustomize's `metadataLabelsFieldSpecs`,
    /// shared by `commonLabels` and `labels` with `includeTemplates`.
    static let metadataLabels: [FieldSpec] = [
        FieldSpec(path: "metadata/labels", create: true),
        FieldSpec(version: "v1", kind: "ReplicationController", path: "spec/template/metadata/labels", create: true),
        FieldSpec(kind: "Deployment", path: "spec/template/metadata/labels", create: true),
        FieldSpec(kind: "ReplicaSet", path: "spec/template/metadata/labels", create: true),
        FieldSpec(kind: "DaemonSet", path: "spec/template/metadata/labels", create: true),
        FieldSpec(group: "apps", kind: "StatefulSet", path: "spec/template/metadata/labels", create: true),
        FieldSpec(group: "apps", kind: "StatefulSet", path: "spec/volumeClaimTemplates[]/metadata/labels", create: true),
        FieldSpec(group: "batch", kind: "Job", path: "spec/template/metadata/labels", create: true),
        FieldSpec(group: "batch", kind: "CronJob", path: "spec/jobTemplate/metadata/labels", create: true),
        FieldSpec(group: "batch", kind: "CronJob", path: "spec/jobTemplate/spec/template/metadata/labels", create: true),
    ]

    /// Where `commonLabels` (and `labels` with `includeSelectors`) apply: the
    /// selectors of the workload kinds, Services, PodDisruptionBudgets and
    /// NetworkPolicies, plus every place of `metadataLabels`. Selectors that an
    /// object does not have are created only where Kubernetes requires one.
    static let commonLabels: [FieldSpec] = selectorLabels + metadataLabels

    static let selectorLabels: [FieldSpec] = {
        var specs: [FieldSpec] = [
            FieldSpec(version: "v1", kind: "Service", path: "spec/selector", create: true),
            FieldSpec(version: "v1", kind: "ReplicationController", path: "spec/selector", create: true),
            FieldSpec(kind: "Deployment", path: "spec/selector/matchLabels", create: true),
        ]
        specs += podAffinitySelectors(group: "apps", kind: "Deployment")
        specs += [
            FieldSpec(kind: "ReplicaSet", path: "spec/selector/matchLabels", create: true),
            FieldSpec(kind: "DaemonSet", path: "spec/selector/matchLabels", create: true),
            FieldSpec(group: "apps", kind: "StatefulSet", path: "spec/selector/matchLabels", create: true),
        ]
        specs += podAffinitySelectors(group: "apps", kind: "StatefulSet")
        specs += [
            FieldSpec(group: "batch", kind: "Job", path: "spec/selector/matchLabels"),
            FieldSpec(group: "batch", kind: "CronJob", path: "spec/jobTemplate/spec/selector/matchLabels"),
            FieldSpec(group: "policy", kind: "PodDisruptionBudget", path: "spec/selector/matchLabels"),
            FieldSpec(group: "networking.k8s.io", kind: "NetworkPolicy", path: "spec/podSelector/matchLabels"),
            FieldSpec(group: "networking.k8s.io", kind: "NetworkPolicy", path: "spec/ingress/from/podSelector/matchLabels"),
            FieldSpec(group: "networking.k8s.io", kind: "NetworkPolicy", path: "spec/egress/to/podSelector/matchLabels"),
        ]
        return specs
    }()

    /// The label selectors of pod affinity, anti-affinity and topology spread
    /// constraints in a pod template; never created.
    static func podAffinitySelectors(group: String, kind: String) -> [FieldSpec] {
        let affinity = "spec/template/spec/affinity"
        return [
            "\(affinity)/podAffinity/preferredDuringSchedulingIgnoredDuringExecution/podAffinityTerm/labelSelector/matchLabels",
            "\(affinity)/podAffinity/requiredDuringSchedulingIgnoredDuringExecution/labelSelector/matchLabels",
            "\(affinity)/podAntiAffinity/preferredDuringSchedulingIgnoredDuringExecution/podAffinityTerm/labelSelector/matchLabels",
            "\(affinity)/podAntiAffinity/requiredDuringSchedulingIgnoredDuringExecution/labelSelector/matchLabels",
            "spec/template/spec/topologySpreadConstraints/labelSelector/matchLabels",
        ].map { FieldSpec(group: group, kind: kind, path: $0) }
    }

    /// Where `labels` with `includeTemplates` apply.
    static let templateLabels: [FieldSpec] = metadataLabels

    /// Where `commonAnnotations` apply: every object's annotations and those of
    /// the pod templates of the workload kinds.
    static let commonAnnotations: [FieldSpec] = [
        FieldSpec(path: "metadata/annotations", create: true),
        FieldSpec(version: "v1", kind: "ReplicationController", path: "spec/template/metadata/annotations", create: true),
        FieldSpec(kind: "Deployment", path: "spec/template/metadata/annotations", create: true),
        FieldSpec(kind: "ReplicaSet", path: "spec/template/metadata/annotations", create: true),
        FieldSpec(kind: "DaemonSet", path: "spec/template/metadata/annotations", create: true),
        FieldSpec(group: "apps", kind: "StatefulSet", path: "spec/template/metadata/annotations", create: true),
        FieldSpec(group: "batch", kind: "Job", path: "spec/template/metadata/annotations", create: true),
        FieldSpec(group: "batch", kind: "CronJob", path: "spec/jobTemplate/metadata/annotations", create: true),
        FieldSpec(group: "batch", kind: "CronJob", path: "spec/jobTemplate/spec/template/metadata/annotations", create: true),
    ]

    /// Where `images` apply besides the containers the image filter finds by
    /// itself (any `containers`/`initContainers` list at any depth). `create`
    /// is set as in kustomize but the image filter never creates a field.
    static let images: [FieldSpec] = [
        FieldSpec(path: "spec/containers[]/image", create: true),
        FieldSpec(path: "spec/initContainers[]/image", create: true),
        FieldSpec(path: "spec/template/spec/containers[]/image", create: true),
        FieldSpec(path: "spec/template/spec/initContainers[]/image", create: true),
    ]

    /// Where `replicas` apply, in kustomize's sorted order (it shows in the
    /// error for a name that matches nothing).
    static let replicas: [FieldSpec] = [
        FieldSpec(kind: "Deployment", path: "spec/replicas", create: true),
        FieldSpec(kind: "StatefulSet", path: "spec/replicas", create: true),
        FieldSpec(kind: "ReplicaSet", path: "spec/replicas", create: true),
        FieldSpec(kind: "ReplicationController", path: "spec/replicas", create: true),
    ]

    /// Where `$(VAR)` references are replaced. kustomize's list has two
    /// quirks kept here: the CronJob NFS server path lacks the pod template's
    /// `spec/` (so it never matches a real CronJob), and only Deployments get
    /// their pod template annotations.
    static let varReference: [FieldSpec] = {
        let containerFields = ["containers/args", "containers/command", "containers/env/value",
                               "containers/volumeMounts/mountPath", "initContainers/args", "initContainers/command",
                               "initContainers/env/value", "initContainers/volumeMounts/mountPath"]
        func pod(_ kind: String, _ prefix: String, volumes: String? = "volumes/nfs/server") -> [FieldSpec] {
            (containerFields + (volumes.map { [$0] } ?? [])).map { FieldSpec(kind: kind, path: prefix + $0) }
        }
        var specs = pod("CronJob", "spec/jobTemplate/spec/template/spec/", volumes: nil)
        specs.append(FieldSpec(kind: "CronJob", path: "spec/jobTemplate/spec/template/volumes/nfs/server"))
        specs += pod("DaemonSet", "spec/template/spec/")
        specs += pod("Deployment", "spec/template/spec/")
        specs.append(FieldSpec(kind: "Deployment", path: "spec/template/metadata/annotations"))
        specs += [
            FieldSpec(kind: "Ingress", path: "spec/rules/host"),
            FieldSpec(kind: "Ingress", path: "spec/tls/hosts"),
            FieldSpec(kind: "Ingress", path: "spec/tls/secretName"),
        ]
        specs += pod("Job", "spec/template/spec/")
        specs += pod("Pod", "spec/")
        specs += pod("ReplicaSet", "spec/template/spec/")
        specs += [
            FieldSpec(kind: "Service", path: "spec/ports/port"),
            FieldSpec(kind: "Service", path: "spec/ports/targetPort"),
        ]
        specs += pod("StatefulSet", "spec/template/spec/", volumes: nil)
        specs += [
            FieldSpec(kind: "StatefulSet", path: "spec/volumeClaimTemplates/spec/nfs/server"),
            FieldSpec(kind: "PersistentVolume", path: "spec/nfs/server"),
            FieldSpec(path: "metadata/labels"),
            FieldSpec(path: "metadata/annotations"),
        ]
        return specs
    }()
}
