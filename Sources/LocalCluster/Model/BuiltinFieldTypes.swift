/// The JSON types of the fields of built-in kinds that people get wrong in practice: counts,
/// ports, flags, label and data maps, pod templates. Not all of Kubernetes' schema: a field
/// missing here is accepted as it comes (kube-api.md §5.3).
///
/// Struct and type names are Kubernetes' Go names, because they appear in the decode
/// error a real API server gives (`Go struct field DeploymentSpec.spec.replicas of type int32`).
enum BuiltinFieldTypes {
    /// The type of a whole object of `kind`, or nil when its fields are not described.
    static func type(of kind: String) -> GoType? { kinds[kind] }

    private static func v1(_ name: String, _ fields: [String: GoType]) -> GoType { .object("v1", name, fields) }

    static let ownerReference = v1("OwnerReference", [
        "apiVersion": .string, "kind": .string, "name": .string, "uid": .string, "controller": .bool,
        "blockOwnerDeletion": .bool,
    ])
    static let objectMeta = v1("ObjectMeta", [
        "name": .string, "generateName": .string, "namespace": .string, "labels": .map(.string),
        "annotations": .map(.string), "finalizers": .list(.string), "ownerReferences": .list(ownerReference),
    ])
    static let labelSelector = v1("LabelSelector", [
        "matchLabels": .map(.string),
        "matchExpressions": .list(v1("LabelSelectorRequirement", ["key": .string, "operator": .string, "values": .list(.string)])),
    ])

    // MARK: pods

    static let keyToPath = v1("KeyToPath", ["key": .string, "path": .string, "mode": .int32])
    static let volume = v1("Volume", [
        "name": .string,
        "configMap": v1("ConfigMapVolumeSource", [
            "name": .string, "items": .list(keyToPath), "defaultMode": .int32, "optional": .bool,
        ]),
        "secret": v1("SecretVolumeSource", [
            "secretName": .string, "items": .list(keyToPath), "defaultMode": .int32, "optional": .bool,
        ]),
        "emptyDir": v1("EmptyDirVolumeSource", ["medium": .string, "sizeLimit": .quantity]),
        "persistentVolumeClaim": v1("PersistentVolumeClaimVolumeSource", ["claimName": .string, "readOnly": .bool]),
        "hostPath": v1("HostPathVolumeSource", ["path": .string, "type": .string]),
        "projected": v1("ProjectedVolumeSource", ["defaultMode": .int32]),
    ])
    static let probe = v1("Probe", [
        "initialDelaySeconds": .int32, "timeoutSeconds": .int32, "periodSeconds": .int32, "successThreshold": .int32,
        "failureThreshold": .int32, "terminationGracePeriodSeconds": .int64,
        "exec": v1("ExecAction", ["command": .list(.string)]),
        "httpGet": v1("HTTPGetAction", [
            "path": .string, "port": .intOrString, "host": .string, "scheme": .string,
            "httpHeaders": .list(v1("HTTPHeader", ["name": .string, "value": .string])),
        ]),
        "tcpSocket": v1("TCPSocketAction", ["port": .intOrString, "host": .string]),
        "grpc": v1("GRPCAction", ["port": .int32, "service": .string]),
    ])
    static let resources = v1("ResourceRequirements", ["limits": .map(.quantity), "requests": .map(.quantity)])
    static let keySelector = ["name": GoType.string, "key": .string, "optional": .bool]
    static let container = v1("Container", [
        "name": .string, "image": .string, "imagePullPolicy": .string, "workingDir": .string,
        "command": .list(.string), "args": .list(.string),
        "ports": .list(v1("ContainerPort", [
            "name": .string, "containerPort": .int32, "hostPort": .int32, "protocol": .string, "hostIP": .string,
        ])),
        "env": .list(v1("EnvVar", [
            "name": .string, "value": .string,
            "valueFrom": v1("EnvVarSource", [
                "configMapKeyRef": v1("ConfigMapKeySelector", keySelector),
                "secretKeyRef": v1("SecretKeySelector", keySelector),
                "fieldRef": v1("ObjectFieldSelector", ["apiVersion": .string, "fieldPath": .string]),
            ]),
        ])),
        "envFrom": .list(v1("EnvFromSource", [
            "prefix": .string,
            "configMapRef": v1("ConfigMapEnvSource", ["name": .string, "optional": .bool]),
            "secretRef": v1("SecretEnvSource", ["name": .string, "optional": .bool]),
        ])),
        "resources": resources,
        "volumeMounts": .list(v1("VolumeMount", [
            "name": .string, "mountPath": .string, "subPath": .string, "readOnly": .bool,
        ])),
        "livenessProbe": probe, "readinessProbe": probe, "startupProbe": probe,
        "securityContext": v1("SecurityContext", [
            "runAsUser": .int64, "runAsGroup": .int64, "runAsNonRoot": .bool, "privileged": .bool,
            "readOnlyRootFilesystem": .bool, "allowPrivilegeEscalation": .bool,
            "capabilities": v1("Capabilities", ["add": .list(.string), "drop": .list(.string)]),
        ]),
        "stdin": .bool, "stdinOnce": .bool, "tty": .bool, "terminationMessagePath": .string,
        "terminationMessagePolicy": .string,
    ])
    static let podSpec = v1("PodSpec", [
        "containers": .list(container), "initContainers": .list(container), "volumes": .list(volume),
        "restartPolicy": .string, "terminationGracePeriodSeconds": .int64, "activeDeadlineSeconds": .int64,
        "dnsPolicy": .string, "nodeSelector": .map(.string), "serviceAccountName": .string, "serviceAccount": .string,
        "automountServiceAccountToken": .bool, "nodeName": .string, "hostNetwork": .bool, "hostPID": .bool,
        "hostIPC": .bool, "shareProcessNamespace": .bool, "hostname": .string, "subdomain": .string,
        "schedulerName": .string, "priorityClassName": .string, "priority": .int32, "enableServiceLinks": .bool,
        "runtimeClassName": .string,
        "securityContext": v1("PodSecurityContext", [
            "runAsUser": .int64, "runAsGroup": .int64, "runAsNonRoot": .bool, "fsGroup": .int64,
            "supplementalGroups": .list(.int64),
        ]),
        "imagePullSecrets": .list(v1("LocalObjectReference", ["name": .string])),
        "tolerations": .list(v1("Toleration", [
            "key": .string, "operator": .string, "value": .string, "effect": .string, "tolerationSeconds": .int64,
        ])),
        "topologySpreadConstraints": .list(v1("TopologySpreadConstraint", [
            "maxSkew": .int32, "topologyKey": .string, "whenUnsatisfiable": .string, "labelSelector": labelSelector,
            "minDomains": .int32,
        ])),
    ])
    static let podTemplate = v1("PodTemplateSpec", ["metadata": objectMeta, "spec": podSpec])

    // MARK: workloads

    static let jobSpec = v1("JobSpec", [
        "parallelism": .int32, "completions": .int32, "backoffLimit": .int32, "activeDeadlineSeconds": .int64,
        "ttlSecondsAfterFinished": .int32, "suspend": .bool, "manualSelector": .bool, "completionMode": .string,
        "selector": labelSelector, "template": podTemplate,
    ])
    static let persistentVolumeClaimSpec = v1("PersistentVolumeClaimSpec", [
        "accessModes": .list(.string), "storageClassName": .string, "volumeMode": .string, "volumeName": .string,
        "resources": v1("VolumeResourceRequirements", ["limits": .map(.quantity), "requests": .map(.quantity)]),
        "selector": labelSelector,
    ])

    static let kinds: [String: GoType] = [
        "Pod": v1("Pod", ["metadata": objectMeta, "spec": podSpec]),
        "PodTemplate": v1("PodTemplate", ["metadata": objectMeta, "template": podTemplate]),
        "Deployment": v1("Deployment", ["metadata": objectMeta, "spec": v1("DeploymentSpec", [
            "replicas": .int32, "selector": labelSelector, "template": podTemplate, "minReadySeconds": .int32,
            "revisionHistoryLimit": .int32, "paused": .bool, "progressDeadlineSeconds": .int32,
            "strategy": v1("DeploymentStrategy", [
                "type": .string,
                "rollingUpdate": v1("RollingUpdateDeployment", ["maxUnavailable": .intOrString, "maxSurge": .intOrString]),
            ]),
        ])]),
        "StatefulSet": v1("StatefulSet", ["metadata": objectMeta, "spec": v1("StatefulSetSpec", [
            "replicas": .int32, "selector": labelSelector, "template": podTemplate, "serviceName": .string,
            "podManagementPolicy": .string, "revisionHistoryLimit": .int32, "minReadySeconds": .int32,
            "updateStrategy": v1("StatefulSetUpdateStrategy", [
                "type": .string,
                "rollingUpdate": v1("RollingUpdateStatefulSetStrategy", ["partition": .int32, "maxUnavailable": .intOrString]),
            ]),
            "volumeClaimTemplates": .list(v1("PersistentVolumeClaim", ["metadata": objectMeta, "spec": persistentVolumeClaimSpec])),
        ])]),
        "DaemonSet": v1("DaemonSet", ["metadata": objectMeta, "spec": v1("DaemonSetSpec", [
            "selector": labelSelector, "template": podTemplate, "minReadySeconds": .int32, "revisionHistoryLimit": .int32,
            "updateStrategy": v1("DaemonSetUpdateStrategy", [
                "type": .string,
                "rollingUpdate": v1("RollingUpdateDaemonSet", ["maxUnavailable": .intOrString, "maxSurge": .intOrString]),
            ]),
        ])]),
        "ReplicaSet": v1("ReplicaSet", ["metadata": objectMeta, "spec": v1("ReplicaSetSpec", [
            "replicas": .int32, "minReadySeconds": .int32, "selector": labelSelector, "template": podTemplate,
        ])]),
        "ReplicationController": v1("ReplicationController", ["metadata": objectMeta, "spec": v1("ReplicationControllerSpec", [
            "replicas": .int32, "minReadySeconds": .int32, "selector": .map(.string), "template": podTemplate,
        ])]),
        "Job": v1("Job", ["metadata": objectMeta, "spec": jobSpec]),
        "CronJob": v1("CronJob", ["metadata": objectMeta, "spec": v1("CronJobSpec", [
            "schedule": .string, "timeZone": .string, "concurrencyPolicy": .string, "suspend": .bool,
            "startingDeadlineSeconds": .int64, "successfulJobsHistoryLimit": .int32, "failedJobsHistoryLimit": .int32,
            "jobTemplate": v1("JobTemplateSpec", ["metadata": objectMeta, "spec": jobSpec]),
        ])]),

        // MARK: networking, config, policy

        "Service": v1("Service", ["metadata": objectMeta, "spec": v1("ServiceSpec", [
            "type": .string, "clusterIP": .string, "clusterIPs": .list(.string), "externalName": .string,
            "sessionAffinity": .string, "externalTrafficPolicy": .string, "internalTrafficPolicy": .string,
            "selector": .map(.string), "externalIPs": .list(.string), "publishNotReadyAddresses": .bool,
            "loadBalancerIP": .string, "allocateLoadBalancerNodePorts": .bool, "healthCheckNodePort": .int32,
            "ports": .list(v1("ServicePort", [
                "name": .string, "protocol": .string, "appProtocol": .string, "port": .int32,
                "targetPort": .intOrString, "nodePort": .int32,
            ])),
        ])]),
        "ConfigMap": v1("ConfigMap", [
            "metadata": objectMeta, "data": .map(.string), "binaryData": .map(.bytes), "immutable": .bool,
        ]),
        "Secret": v1("Secret", [
            "metadata": objectMeta, "data": .map(.bytes), "stringData": .map(.string), "type": .string, "immutable": .bool,
        ]),
        "ServiceAccount": v1("ServiceAccount", [
            "metadata": objectMeta, "automountServiceAccountToken": .bool,
            "imagePullSecrets": .list(v1("LocalObjectReference", ["name": .string])),
        ]),
        "Namespace": v1("Namespace", ["metadata": objectMeta, "spec": v1("NamespaceSpec", ["finalizers": .list(.string)])]),
        "PersistentVolumeClaim": v1("PersistentVolumeClaim", ["metadata": objectMeta, "spec": persistentVolumeClaimSpec]),
        "Ingress": v1("Ingress", ["metadata": objectMeta, "spec": v1("IngressSpec", [
            "ingressClassName": .string,
            "tls": .list(v1("IngressTLS", ["hosts": .list(.string), "secretName": .string])),
            "rules": .list(v1("IngressRule", [
                "host": .string,
                "http": v1("HTTPIngressRuleValue", ["paths": .list(v1("HTTPIngressPath", [
                    "path": .string, "pathType": .string,
                    "backend": v1("IngressBackend", ["service": v1("IngressServiceBackend", [
                        "name": .string, "port": v1("ServiceBackendPort", ["name": .string, "number": .int32]),
                    ])]),
                ]))]),
            ])),
        ])]),
        "HorizontalPodAutoscaler": v1("HorizontalPodAutoscaler", ["metadata": objectMeta, "spec": v1("HorizontalPodAutoscalerSpec", [
            "minReplicas": .int32, "maxReplicas": .int32, "targetCPUUtilizationPercentage": .int32,
            "scaleTargetRef": v1("CrossVersionObjectReference", ["apiVersion": .string, "kind": .string, "name": .string]),
            "metrics": .list(v1("MetricSpec", [
                "type": .string,
                "resource": v1("ResourceMetricSource", [
                    "name": .string,
                    "target": v1("MetricTarget", [
                        "type": .string, "averageUtilization": .int32, "averageValue": .quantity, "value": .quantity,
                    ]),
                ]),
            ])),
        ])]),
        "PodDisruptionBudget": v1("PodDisruptionBudget", ["metadata": objectMeta, "spec": v1("PodDisruptionBudgetSpec", [
            "minAvailable": .intOrString, "maxUnavailable": .intOrString, "selector": labelSelector,
        ])]),
        "LimitRange": v1("LimitRange", ["metadata": objectMeta]),
        "ResourceQuota": v1("ResourceQuota", ["metadata": objectMeta, "spec": v1("ResourceQuotaSpec", ["hard": .map(.quantity)])]),
        "Role": v1("Role", ["metadata": objectMeta]),
        "RoleBinding": v1("RoleBinding", ["metadata": objectMeta]),
        "ClusterRole": v1("ClusterRole", ["metadata": objectMeta]),
        "ClusterRoleBinding": v1("ClusterRoleBinding", ["metadata": objectMeta]),
        "NetworkPolicy": v1("NetworkPolicy", ["metadata": objectMeta]),
        "Endpoints": v1("Endpoints", ["metadata": objectMeta]),
        "PersistentVolume": v1("PersistentVolume", ["metadata": objectMeta]),
        "ControllerRevision": v1("ControllerRevision", ["metadata": objectMeta, "revision": .int64]),
        "CustomResourceDefinition": v1("CustomResourceDefinition", ["metadata": objectMeta]),
    ]
}

extension BuiltinFieldTypes {
    private static let objectFields: Set<String> = ["apiVersion", "kind", "metadata", "spec", "status"]

    /// Every JSON field of the structs whose field list is complete here (Kubernetes 1.32), by Go
    /// struct name: a field outside it is unknown, which `fieldValidation=Strict` refuses and
    /// decoding otherwise drops. Structs not listed accept any field.
    static let knownFields: [String: Set<String>] = [
        "Deployment": objectFields, "StatefulSet": objectFields, "DaemonSet": objectFields, "ReplicaSet": objectFields,
        "Job": objectFields, "CronJob": objectFields, "Pod": objectFields, "Service": objectFields,
        "ConfigMap": ["apiVersion", "kind", "metadata", "data", "binaryData", "immutable"],
        "Secret": ["apiVersion", "kind", "metadata", "data", "stringData", "type", "immutable"],
        "ObjectMeta": [
            "name", "generateName", "namespace", "selfLink", "uid", "resourceVersion", "generation", "creationTimestamp",
            "deletionTimestamp", "deletionGracePeriodSeconds", "labels", "annotations", "ownerReferences", "finalizers",
            "managedFields",
        ],
        "PodTemplateSpec": ["metadata", "spec"],
        "JobTemplateSpec": ["metadata", "spec"],
        "LabelSelector": ["matchLabels", "matchExpressions"],
        "DeploymentSpec": [
            "replicas", "selector", "template", "strategy", "minReadySeconds", "revisionHistoryLimit", "paused",
            "progressDeadlineSeconds",
        ],
        "StatefulSetSpec": [
            "replicas", "selector", "template", "volumeClaimTemplates", "serviceName", "podManagementPolicy",
            "updateStrategy", "revisionHistoryLimit", "minReadySeconds", "persistentVolumeClaimRetentionPolicy", "ordinals",
        ],
        "DaemonSetSpec": ["selector", "template", "updateStrategy", "minReadySeconds", "revisionHistoryLimit"],
        "ReplicaSetSpec": ["replicas", "minReadySeconds", "selector", "template"],
        "JobSpec": [
            "parallelism", "completions", "activeDeadlineSeconds", "podFailurePolicy", "successPolicy", "backoffLimit",
            "backoffLimitPerIndex", "maxFailedIndexes", "selector", "manualSelector", "template", "ttlSecondsAfterFinished",
            "completionMode", "suspend", "podReplacementPolicy", "managedBy",
        ],
        "CronJobSpec": [
            "schedule", "timeZone", "startingDeadlineSeconds", "concurrencyPolicy", "suspend", "jobTemplate",
            "successfulJobsHistoryLimit", "failedJobsHistoryLimit",
        ],
        "PodSpec": [
            "volumes", "initContainers", "containers", "ephemeralContainers", "restartPolicy",
            "terminationGracePeriodSeconds", "activeDeadlineSeconds", "dnsPolicy", "nodeSelector", "serviceAccountName",
            "serviceAccount", "automountServiceAccountToken", "nodeName", "hostNetwork", "hostPID", "hostIPC",
            "shareProcessNamespace", "securityContext", "imagePullSecrets", "hostname", "subdomain", "affinity",
            "schedulerName", "tolerations", "hostAliases", "priorityClassName", "priority", "dnsConfig", "readinessGates",
            "runtimeClassName", "enableServiceLinks", "preemptionPolicy", "overhead", "topologySpreadConstraints",
            "setHostnameAsFQDN", "os", "hostUsers", "schedulingGates", "resourceClaims", "resources",
        ],
        "Container": [
            "name", "image", "command", "args", "workingDir", "ports", "envFrom", "env", "resources", "resizePolicy",
            "restartPolicy", "volumeMounts", "volumeDevices", "livenessProbe", "readinessProbe", "startupProbe",
            "lifecycle", "terminationMessagePath", "terminationMessagePolicy", "imagePullPolicy", "securityContext",
            "stdin", "stdinOnce", "tty",
        ],
        "ContainerPort": ["name", "hostPort", "containerPort", "protocol", "hostIP"],
        "EnvVar": ["name", "value", "valueFrom"],
        "VolumeMount": ["name", "readOnly", "recursiveReadOnly", "mountPath", "subPath", "mountPropagation", "subPathExpr"],
        "ServiceSpec": [
            "ports", "selector", "clusterIP", "clusterIPs", "type", "externalIPs", "sessionAffinity", "loadBalancerIP",
            "loadBalancerSourceRanges", "externalName", "externalTrafficPolicy", "healthCheckNodePort",
            "publishNotReadyAddresses", "sessionAffinityConfig", "ipFamilies", "ipFamilyPolicy",
            "allocateLoadBalancerNodePorts", "loadBalancerClass", "internalTrafficPolicy", "trafficDistribution",
        ],
        "ServicePort": ["name", "protocol", "appProtocol", "port", "targetPort", "nodePort"],
    ]
}
