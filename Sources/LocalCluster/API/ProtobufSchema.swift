/// The protobuf messages kubectl's generators send (`kubectl create <kind>`, `run`, `expose`,
/// `autoscale`), by Kubernetes type name: field number → JSON field (from k8s.io/api's
/// `generated.proto`). A field missing here that carries a value makes the decoder refuse
/// the body, so nothing is dropped silently.
enum ProtobufSchema {
    /// How one protobuf field becomes JSON.
    struct Field: Sendable {
        enum Kind: Sendable {
            case string, bytes, int, bool, time, intOrString, quantity
            case message(String)
            /// An embedded struct whose fields JSON shows inline in the parent.
            case inline(String)
            /// Not decoded (a new object's status, which the server drops).
            case ignored
        }

        var name: String
        var kind: Kind
        var repeated = false
        /// `map<string, V>`: entries are `{1: key, 2: value}`, V per `kind`.
        var map = false
        /// A Go pointer: present means set, so a zero value is kept.
        var optional = false

        static func string(_ name: String, optional: Bool = false) -> Field { Field(name: name, kind: .string, optional: optional) }
        static func strings(_ name: String) -> Field { Field(name: name, kind: .string, repeated: true) }
        static func int(_ name: String, optional: Bool = false) -> Field { Field(name: name, kind: .int, optional: optional) }
        static func bool(_ name: String, optional: Bool = false) -> Field { Field(name: name, kind: .bool, optional: optional) }
        static func message(_ name: String, _ type: String) -> Field { Field(name: name, kind: .message(type)) }
        static func messages(_ name: String, _ type: String) -> Field { Field(name: name, kind: .message(type), repeated: true) }
        static func inline(_ type: String) -> Field { Field(name: "", kind: .inline(type)) }
        static func intOrString(_ name: String) -> Field { Field(name: name, kind: .intOrString) }
        static func stringMap(_ name: String) -> Field { Field(name: name, kind: .string, map: true) }
        static func bytesMap(_ name: String) -> Field { Field(name: name, kind: .bytes, map: true) }
        static func quantityMap(_ name: String) -> Field { Field(name: name, kind: .quantity, map: true) }
        static func ignored(_ name: String) -> Field { Field(name: name, kind: .ignored) }
    }

    /// The message of each top-level `apiVersion/kind` kubectl may send as protobuf.
    static let kinds: [String: String] = [
        "v1/Namespace": "Namespace", "v1/ConfigMap": "ConfigMap", "v1/Secret": "Secret",
        "v1/ServiceAccount": "ServiceAccount", "v1/Service": "Service", "v1/Pod": "Pod",
        "authentication.k8s.io/v1/TokenRequest": "TokenRequest",
        "v1/ResourceQuota": "ResourceQuota", "apps/v1/Deployment": "Deployment", "batch/v1/Job": "Job",
        "batch/v1/CronJob": "CronJob", "networking.k8s.io/v1/Ingress": "Ingress",
        "policy/v1/PodDisruptionBudget": "PodDisruptionBudget", "rbac.authorization.k8s.io/v1/Role": "Role",
        "rbac.authorization.k8s.io/v1/ClusterRole": "ClusterRole",
        "rbac.authorization.k8s.io/v1/RoleBinding": "RoleBinding",
        "rbac.authorization.k8s.io/v1/ClusterRoleBinding": "RoleBinding",
        "autoscaling/v2/HorizontalPodAutoscaler": "HorizontalPodAutoscaler",
        "autoscaling/v1/HorizontalPodAutoscaler": "HorizontalPodAutoscalerV1",
        "scheduling.k8s.io/v1/PriorityClass": "PriorityClass",
        "certificates.k8s.io/v1/CertificateSigningRequest": "CertificateSigningRequest",
    ]

    static let messages: [String: [Int: Field]] = [
        // meta/v1
        "ObjectMeta": [
            1: .string("name"), 2: .string("generateName"), 3: .string("namespace"), 4: .string("selfLink"),
            5: .string("uid"), 6: .string("resourceVersion"), 7: .int("generation"),
            8: Field(name: "creationTimestamp", kind: .time), 9: Field(name: "deletionTimestamp", kind: .time),
            10: .int("deletionGracePeriodSeconds", optional: true), 11: .stringMap("labels"),
            12: .stringMap("annotations"), 13: .messages("ownerReferences", "OwnerReference"), 14: .strings("finalizers"),
            17: .ignored("managedFields"),
        ],
        "OwnerReference": [
            1: .string("kind"), 3: .string("name"), 4: .string("uid"), 5: .string("apiVersion"),
            6: .bool("controller", optional: true), 7: .bool("blockOwnerDeletion", optional: true),
        ],
        "LabelSelector": [1: .stringMap("matchLabels"), 2: .messages("matchExpressions", "LabelSelectorRequirement")],
        "LabelSelectorRequirement": [1: .string("key"), 2: .string("operator"), 3: .strings("values")],

        // core/v1
        "Namespace": [1: .message("metadata", "ObjectMeta"), 2: .message("spec", "NamespaceSpec"), 3: .ignored("status")],
        "NamespaceSpec": [1: .strings("finalizers")],
        "ConfigMap": [
            1: .message("metadata", "ObjectMeta"), 2: .stringMap("data"), 3: .bytesMap("binaryData"),
            4: .bool("immutable", optional: true),
        ],
        "Secret": [
            1: .message("metadata", "ObjectMeta"), 2: .bytesMap("data"), 3: .string("type"), 4: .stringMap("stringData"),
            5: .bool("immutable", optional: true),
        ],
        // `kubectl create token`: the audiences and duration it asks for.
        "TokenRequest": [1: .message("metadata", "ObjectMeta"), 2: .message("spec", "TokenRequestSpec"), 3: .ignored("status")],
        "TokenRequestSpec": [
            1: .strings("audiences"), 4: .int("expirationSeconds", optional: true),
            3: .message("boundObjectRef", "BoundObjectReference"),
        ],
        "BoundObjectReference": [1: .string("kind"), 2: .string("apiVersion"), 3: .string("name"), 4: .string("uid")],
        "ServiceAccount": [
            1: .message("metadata", "ObjectMeta"), 2: .messages("secrets", "ObjectReference"),
            3: .messages("imagePullSecrets", "LocalObjectReference"), 4: .bool("automountServiceAccountToken", optional: true),
        ],
        "ObjectReference": [
            1: .string("kind"), 2: .string("namespace"), 3: .string("name"), 4: .string("uid"), 5: .string("apiVersion"),
            6: .string("resourceVersion"), 7: .string("fieldPath"),
        ],
        "LocalObjectReference": [1: .string("name")],
        "Service": [1: .message("metadata", "ObjectMeta"), 2: .message("spec", "ServiceSpec"), 3: .ignored("status")],
        "ServiceSpec": [
            1: .messages("ports", "ServicePort"), 2: .stringMap("selector"), 3: .string("clusterIP"), 4: .string("type"),
            5: .strings("externalIPs"), 7: .string("sessionAffinity"), 8: .string("loadBalancerIP"),
            9: .strings("loadBalancerSourceRanges"), 10: .string("externalName"), 11: .string("externalTrafficPolicy"),
            12: .int("healthCheckNodePort"), 13: .bool("publishNotReadyAddresses"), 17: .string("ipFamilyPolicy", optional: true),
            18: .strings("clusterIPs"), 19: .strings("ipFamilies"), 20: .bool("allocateLoadBalancerNodePorts", optional: true),
            21: .string("loadBalancerClass", optional: true), 22: .string("internalTrafficPolicy", optional: true),
            14: .message("sessionAffinityConfig", "SessionAffinityConfig"),
        ],
        "SessionAffinityConfig": [1: .message("clientIP", "ClientIPConfig")],
        "ClientIPConfig": [1: .int("timeoutSeconds", optional: true)],
        "ServicePort": [
            1: .string("name"), 2: .string("protocol"), 3: .int("port"), 4: .intOrString("targetPort"), 5: .int("nodePort"),
            6: .string("appProtocol", optional: true),
        ],
        "ResourceQuota": [1: .message("metadata", "ObjectMeta"), 2: .message("spec", "ResourceQuotaSpec"), 3: .ignored("status")],
        "ResourceQuotaSpec": [1: .quantityMap("hard"), 2: .strings("scopes")],
        "Pod": [1: .message("metadata", "ObjectMeta"), 2: .message("spec", "PodSpec"), 3: .ignored("status")],
        "PodTemplateSpec": [1: .message("metadata", "ObjectMeta"), 2: .message("spec", "PodSpec")],
        "PodSpec": [
            2: .messages("containers", "Container"), 3: .string("restartPolicy"),
            4: .int("terminationGracePeriodSeconds", optional: true), 5: .int("activeDeadlineSeconds", optional: true),
            6: .string("dnsPolicy"), 7: .stringMap("nodeSelector"), 8: .string("serviceAccountName"),
            9: .string("serviceAccount"), 10: .string("nodeName"), 11: .bool("hostNetwork"), 12: .bool("hostPID"),
            13: .bool("hostIPC"), 15: .messages("imagePullSecrets", "LocalObjectReference"), 16: .string("hostname"),
            17: .string("subdomain"), 19: .string("schedulerName"), 20: .messages("initContainers", "Container"),
            21: .bool("automountServiceAccountToken", optional: true), 24: .string("priorityClassName"),
            25: .int("priority", optional: true), 29: .string("runtimeClassName", optional: true),
            30: .bool("enableServiceLinks", optional: true), 31: .string("preemptionPolicy", optional: true),
            1: .messages("volumes", "Volume"), 14: .message("securityContext", "PodSecurityContext"),
            18: .message("affinity", "Affinity"), 22: .messages("tolerations", "Toleration"),
            23: .messages("hostAliases", "HostAlias"), 26: .message("dnsConfig", "PodDNSConfig"),
            27: .bool("shareProcessNamespace", optional: true), 28: .messages("readinessGates", "PodReadinessGate"),
            32: .quantityMap("overhead"), 33: .messages("topologySpreadConstraints", "TopologySpreadConstraint"),
            35: .bool("setHostnameAsFQDN", optional: true), 36: .message("os", "PodOS"),
            37: .bool("hostUsers", optional: true), 38: .messages("schedulingGates", "PodSchedulingGate"),
        ],
        "PodOS": [1: .string("name")],
        "PodSchedulingGate": [1: .string("name")],
        "PodReadinessGate": [1: .string("conditionType")],
        "HostAlias": [1: .string("ip"), 2: .strings("hostnames")],
        "PodDNSConfig": [1: .strings("nameservers"), 2: .strings("searches"), 3: .messages("options", "PodDNSConfigOption")],
        "PodDNSConfigOption": [1: .string("name"), 2: .string("value", optional: true)],
        "PodSecurityContext": [
            1: .message("seLinuxOptions", "SELinuxOptions"), 2: .int("runAsUser", optional: true),
            3: .bool("runAsNonRoot", optional: true), 4: Field(name: "supplementalGroups", kind: .int, repeated: true),
            5: .int("fsGroup", optional: true), 6: .int("runAsGroup", optional: true), 7: .messages("sysctls", "Sysctl"),
            8: .message("windowsOptions", "WindowsSecurityContextOptions"),
            9: .string("fsGroupChangePolicy", optional: true), 10: .message("seccompProfile", "SeccompProfile"),
            11: .message("appArmorProfile", "AppArmorProfile"), 12: .string("supplementalGroupsPolicy", optional: true),
        ],
        "SecurityContext": [
            1: .message("capabilities", "Capabilities"), 2: .bool("privileged", optional: true),
            3: .message("seLinuxOptions", "SELinuxOptions"), 4: .int("runAsUser", optional: true),
            5: .bool("runAsNonRoot", optional: true), 6: .bool("readOnlyRootFilesystem", optional: true),
            7: .bool("allowPrivilegeEscalation", optional: true), 8: .int("runAsGroup", optional: true),
            9: .string("procMount", optional: true), 10: .message("windowsOptions", "WindowsSecurityContextOptions"),
            11: .message("seccompProfile", "SeccompProfile"), 12: .message("appArmorProfile", "AppArmorProfile"),
        ],
        "Capabilities": [1: .strings("add"), 2: .strings("drop")],
        "SELinuxOptions": [1: .string("user"), 2: .string("role"), 3: .string("type"), 4: .string("level")],
        "SeccompProfile": [1: .string("type"), 2: .string("localhostProfile", optional: true)],
        "AppArmorProfile": [1: .string("type"), 2: .string("localhostProfile", optional: true)],
        "WindowsSecurityContextOptions": [
            1: .string("gmsaCredentialSpecName", optional: true), 2: .string("gmsaCredentialSpec", optional: true),
            3: .string("runAsUserName", optional: true), 4: .bool("hostProcess", optional: true),
        ],
        "Sysctl": [1: .string("name"), 2: .string("value")],
        "Toleration": [
            1: .string("key"), 2: .string("operator"), 3: .string("value"), 4: .string("effect"),
            5: .int("tolerationSeconds", optional: true),
        ],
        "TopologySpreadConstraint": [
            1: .int("maxSkew"), 2: .string("topologyKey"), 3: .string("whenUnsatisfiable"),
            4: .message("labelSelector", "LabelSelector"), 5: .int("minDomains", optional: true),
            6: .string("nodeAffinityPolicy", optional: true), 7: .string("nodeTaintsPolicy", optional: true),
            8: .strings("matchLabelKeys"),
        ],
        "Affinity": [
            1: .message("nodeAffinity", "NodeAffinity"), 2: .message("podAffinity", "PodAffinity"),
            3: .message("podAntiAffinity", "PodAffinity"),
        ],
        "NodeAffinity": [
            1: .message("requiredDuringSchedulingIgnoredDuringExecution", "NodeSelector"),
            2: .messages("preferredDuringSchedulingIgnoredDuringExecution", "PreferredSchedulingTerm"),
        ],
        "NodeSelector": [1: .messages("nodeSelectorTerms", "NodeSelectorTerm")],
        "NodeSelectorTerm": [
            1: .messages("matchExpressions", "NodeSelectorRequirement"), 2: .messages("matchFields", "NodeSelectorRequirement"),
        ],
        "NodeSelectorRequirement": [1: .string("key"), 2: .string("operator"), 3: .strings("values")],
        "PreferredSchedulingTerm": [1: .int("weight"), 2: .message("preference", "NodeSelectorTerm")],
        // PodAntiAffinity has the same layout.
        "PodAffinity": [
            1: .messages("requiredDuringSchedulingIgnoredDuringExecution", "PodAffinityTerm"),
            2: .messages("preferredDuringSchedulingIgnoredDuringExecution", "WeightedPodAffinityTerm"),
        ],
        "PodAffinityTerm": [
            1: .message("labelSelector", "LabelSelector"), 2: .strings("namespaces"), 3: .string("topologyKey"),
            4: .message("namespaceSelector", "LabelSelector"), 5: .strings("matchLabelKeys"), 6: .strings("mismatchLabelKeys"),
        ],
        "WeightedPodAffinityTerm": [1: .int("weight"), 2: .message("podAffinityTerm", "PodAffinityTerm")],
        "Volume": [1: .string("name"), 2: .inline("VolumeSource")],
        "VolumeSource": [
            1: .message("hostPath", "HostPathVolumeSource"), 2: .message("emptyDir", "EmptyDirVolumeSource"),
            6: .message("secret", "SecretVolumeSource"), 7: .message("nfs", "NFSVolumeSource"),
            10: .message("persistentVolumeClaim", "PersistentVolumeClaimVolumeSource"),
            16: .message("downwardAPI", "DownwardAPIVolumeSource"), 19: .message("configMap", "ConfigMapVolumeSource"),
            26: .message("projected", "ProjectedVolumeSource"), 28: .message("csi", "CSIVolumeSource"),
            29: .message("ephemeral", "EphemeralVolumeSource"),
        ],
        "HostPathVolumeSource": [1: .string("path"), 2: .string("type", optional: true)],
        "EmptyDirVolumeSource": [1: .string("medium"), 2: Field(name: "sizeLimit", kind: .quantity)],
        "NFSVolumeSource": [1: .string("server"), 2: .string("path"), 3: .bool("readOnly")],
        "PersistentVolumeClaimVolumeSource": [1: .string("claimName"), 2: .bool("readOnly")],
        "KeyToPath": [1: .string("key"), 2: .string("path"), 3: .int("mode", optional: true)],
        "SecretVolumeSource": [
            1: .string("secretName"), 2: .messages("items", "KeyToPath"), 3: .int("defaultMode", optional: true),
            4: .bool("optional", optional: true),
        ],
        "ConfigMapVolumeSource": [
            1: .inline("LocalObjectReference"), 2: .messages("items", "KeyToPath"), 3: .int("defaultMode", optional: true),
            4: .bool("optional", optional: true),
        ],
        "DownwardAPIVolumeSource": [1: .messages("items", "DownwardAPIVolumeFile"), 2: .int("defaultMode", optional: true)],
        "DownwardAPIVolumeFile": [
            1: .string("path"), 2: .message("fieldRef", "ObjectFieldSelector"),
            3: .message("resourceFieldRef", "ResourceFieldSelector"), 4: .int("mode", optional: true),
        ],
        "ProjectedVolumeSource": [1: .messages("sources", "VolumeProjection"), 2: .int("defaultMode", optional: true)],
        "VolumeProjection": [
            1: .message("secret", "SecretProjection"), 2: .message("downwardAPI", "DownwardAPIProjection"),
            3: .message("configMap", "ConfigMapProjection"), 4: .message("serviceAccountToken", "ServiceAccountTokenProjection"),
        ],
        "SecretProjection": [
            1: .inline("LocalObjectReference"), 2: .messages("items", "KeyToPath"), 4: .bool("optional", optional: true),
        ],
        "ConfigMapProjection": [
            1: .inline("LocalObjectReference"), 2: .messages("items", "KeyToPath"), 4: .bool("optional", optional: true),
        ],
        "DownwardAPIProjection": [1: .messages("items", "DownwardAPIVolumeFile")],
        "ServiceAccountTokenProjection": [
            1: .string("audience"), 2: .int("expirationSeconds", optional: true), 3: .string("path"),
        ],
        "CSIVolumeSource": [
            1: .string("driver"), 2: .bool("readOnly", optional: true), 3: .string("fsType", optional: true),
            4: .stringMap("volumeAttributes"), 5: .message("nodePublishSecretRef", "LocalObjectReference"),
        ],
        "EphemeralVolumeSource": [1: .message("volumeClaimTemplate", "PersistentVolumeClaimTemplate")],
        "PersistentVolumeClaimTemplate": [
            1: .message("metadata", "ObjectMeta"), 2: .message("spec", "PersistentVolumeClaimSpec"),
        ],
        "PersistentVolumeClaimSpec": [
            1: .strings("accessModes"), 2: .message("resources", "ResourceRequirements"), 3: .string("volumeName"),
            4: .message("selector", "LabelSelector"), 5: .string("storageClassName", optional: true),
            6: .string("volumeMode", optional: true), 7: .message("dataSource", "TypedLocalObjectReference"),
        ],
        "Probe": [
            1: .inline("ProbeHandler"), 2: .int("initialDelaySeconds"), 3: .int("timeoutSeconds"), 4: .int("periodSeconds"),
            5: .int("successThreshold"), 6: .int("failureThreshold"), 7: .int("terminationGracePeriodSeconds", optional: true),
        ],
        "ProbeHandler": [
            1: .message("exec", "ExecAction"), 2: .message("httpGet", "HTTPGetAction"),
            3: .message("tcpSocket", "TCPSocketAction"), 4: .message("grpc", "GRPCAction"),
        ],
        "Lifecycle": [1: .message("postStart", "LifecycleHandler"), 2: .message("preStop", "LifecycleHandler")],
        "LifecycleHandler": [
            1: .message("exec", "ExecAction"), 2: .message("httpGet", "HTTPGetAction"),
            3: .message("tcpSocket", "TCPSocketAction"), 4: .message("sleep", "SleepAction"),
        ],
        "ExecAction": [1: .strings("command")],
        "HTTPGetAction": [
            1: .string("path"), 2: .intOrString("port"), 3: .string("host"), 4: .string("scheme"),
            5: .messages("httpHeaders", "HTTPHeader"),
        ],
        "HTTPHeader": [1: .string("name"), 2: .string("value")],
        "TCPSocketAction": [1: .intOrString("port"), 2: .string("host")],
        "GRPCAction": [1: .int("port"), 2: .string("service", optional: true)],
        "SleepAction": [1: .int("seconds")],
        "VolumeDevice": [1: .string("name"), 2: .string("devicePath")],
        "ContainerResizePolicy": [1: .string("resourceName"), 2: .string("restartPolicy")],
        "ResourceClaim": [1: .string("name"), 2: .string("request")],
        "Container": [
            1: .string("name"), 2: .string("image"), 3: .strings("command"), 4: .strings("args"), 5: .string("workingDir"),
            6: .messages("ports", "ContainerPort"), 7: .messages("env", "EnvVar"),
            8: .message("resources", "ResourceRequirements"), 9: .messages("volumeMounts", "VolumeMount"),
            13: .string("terminationMessagePath"), 14: .string("imagePullPolicy"), 16: .bool("stdin"),
            17: .bool("stdinOnce"), 18: .bool("tty"), 19: .messages("envFrom", "EnvFromSource"),
            20: .string("terminationMessagePolicy"), 24: .string("restartPolicy", optional: true),
            10: .message("livenessProbe", "Probe"), 11: .message("readinessProbe", "Probe"),
            12: .message("lifecycle", "Lifecycle"), 15: .message("securityContext", "SecurityContext"),
            21: .messages("volumeDevices", "VolumeDevice"), 22: .message("startupProbe", "Probe"),
            23: .messages("resizePolicy", "ContainerResizePolicy"),
        ],
        "ContainerPort": [
            1: .string("name"), 2: .int("hostPort"), 3: .int("containerPort"), 4: .string("protocol"), 5: .string("hostIP"),
        ],
        "EnvVar": [1: .string("name"), 2: .string("value"), 3: .message("valueFrom", "EnvVarSource")],
        "EnvVarSource": [
            1: .message("fieldRef", "ObjectFieldSelector"), 2: .message("resourceFieldRef", "ResourceFieldSelector"),
            3: .message("configMapKeyRef", "KeySelector"), 4: .message("secretKeyRef", "KeySelector"),
        ],
        "ObjectFieldSelector": [1: .string("apiVersion"), 2: .string("fieldPath")],
        "ResourceFieldSelector": [1: .string("containerName"), 2: .string("resource"), 3: Field(name: "divisor", kind: .quantity)],
        "KeySelector": [1: .inline("LocalObjectReference"), 2: .string("key"), 3: .bool("optional", optional: true)],
        "EnvFromSource": [
            1: .string("prefix"), 2: .message("configMapRef", "EnvSource"), 3: .message("secretRef", "EnvSource"),
        ],
        "EnvSource": [1: .inline("LocalObjectReference"), 2: .bool("optional", optional: true)],
        "ResourceRequirements": [
            1: .quantityMap("limits"), 2: .quantityMap("requests"), 3: .messages("claims", "ResourceClaim"),
        ],
        "VolumeMount": [
            1: .string("name"), 2: .bool("readOnly"), 3: .string("mountPath"), 4: .string("subPath"),
            5: .string("mountPropagation", optional: true), 6: .string("subPathExpr"),
        ],

        // apps/v1
        "Deployment": [1: .message("metadata", "ObjectMeta"), 2: .message("spec", "DeploymentSpec"), 3: .ignored("status")],
        "DeploymentSpec": [
            1: .int("replicas", optional: true), 2: .message("selector", "LabelSelector"),
            3: .message("template", "PodTemplateSpec"), 4: .message("strategy", "DeploymentStrategy"),
            5: .int("minReadySeconds"), 6: .int("revisionHistoryLimit", optional: true), 7: .bool("paused"),
            9: .int("progressDeadlineSeconds", optional: true),
        ],
        "DeploymentStrategy": [1: .string("type"), 2: .message("rollingUpdate", "RollingUpdateDeployment")],
        "RollingUpdateDeployment": [1: .intOrString("maxUnavailable"), 2: .intOrString("maxSurge")],

        // batch/v1
        "Job": [1: .message("metadata", "ObjectMeta"), 2: .message("spec", "JobSpec"), 3: .ignored("status")],
        "JobSpec": [
            1: .int("parallelism", optional: true), 2: .int("completions", optional: true),
            3: .int("activeDeadlineSeconds", optional: true), 4: .message("selector", "LabelSelector"),
            5: .bool("manualSelector", optional: true), 6: .message("template", "PodTemplateSpec"),
            7: .int("backoffLimit", optional: true), 8: .int("ttlSecondsAfterFinished", optional: true),
            9: .string("completionMode", optional: true), 10: .bool("suspend", optional: true),
            12: .int("backoffLimitPerIndex", optional: true), 13: .int("maxFailedIndexes", optional: true),
            14: .string("podReplacementPolicy", optional: true),
        ],
        "CronJob": [1: .message("metadata", "ObjectMeta"), 2: .message("spec", "CronJobSpec"), 3: .ignored("status")],
        "CronJobSpec": [
            1: .string("schedule"), 2: .int("startingDeadlineSeconds", optional: true), 3: .string("concurrencyPolicy"),
            4: .bool("suspend", optional: true), 5: .message("jobTemplate", "JobTemplateSpec"),
            6: .int("successfulJobsHistoryLimit", optional: true), 7: .int("failedJobsHistoryLimit", optional: true),
            8: .string("timeZone", optional: true),
        ],
        "JobTemplateSpec": [1: .message("metadata", "ObjectMeta"), 2: .message("spec", "JobSpec")],

        // networking/v1
        "Ingress": [1: .message("metadata", "ObjectMeta"), 2: .message("spec", "IngressSpec"), 3: .ignored("status")],
        "IngressSpec": [
            1: .message("defaultBackend", "IngressBackend"), 2: .messages("tls", "IngressTLS"),
            3: .messages("rules", "IngressRule"), 4: .string("ingressClassName", optional: true),
        ],
        "IngressTLS": [1: .strings("hosts"), 2: .string("secretName")],
        "IngressRule": [1: .string("host"), 2: .inline("IngressRuleValue")],
        "IngressRuleValue": [1: .message("http", "HTTPIngressRuleValue")],
        "HTTPIngressRuleValue": [1: .messages("paths", "HTTPIngressPath")],
        "HTTPIngressPath": [1: .string("path"), 2: .message("backend", "IngressBackend"), 3: .string("pathType", optional: true)],
        "IngressBackend": [3: .message("resource", "TypedLocalObjectReference"), 4: .message("service", "IngressServiceBackend")],
        "TypedLocalObjectReference": [1: .string("apiGroup", optional: true), 2: .string("kind"), 3: .string("name")],
        "IngressServiceBackend": [1: .string("name"), 2: .message("port", "ServiceBackendPort")],
        "ServiceBackendPort": [1: .string("name"), 2: .int("number")],

        // policy/v1
        "PodDisruptionBudget": [
            1: .message("metadata", "ObjectMeta"), 2: .message("spec", "PodDisruptionBudgetSpec"), 3: .ignored("status"),
        ],
        "PodDisruptionBudgetSpec": [
            1: .intOrString("minAvailable"), 2: .message("selector", "LabelSelector"), 3: .intOrString("maxUnavailable"),
            4: .string("unhealthyPodEvictionPolicy", optional: true),
        ],

        // certificates.k8s.io/v1 (`kubectl certificate approve` updates the whole request). The
        // `extra` map of the requester is not read: nothing here authenticates, so nothing sets it.
        "CertificateSigningRequest": [
            1: .message("metadata", "ObjectMeta"), 2: .message("spec", "CertificateSigningRequestSpec"),
            3: .message("status", "CertificateSigningRequestStatus"),
        ],
        "CertificateSigningRequestSpec": [
            1: Field(name: "request", kind: .bytes), 2: .string("username"), 3: .string("uid"), 4: .strings("groups"),
            5: .strings("usages"), 7: .string("signerName"), 8: .int("expirationSeconds", optional: true),
        ],
        "CertificateSigningRequestStatus": [
            1: .messages("conditions", "CertificateSigningRequestCondition"), 2: Field(name: "certificate", kind: .bytes),
        ],
        "CertificateSigningRequestCondition": [
            1: .string("type"), 2: .string("reason"), 3: .string("message"), 4: Field(name: "lastUpdateTime", kind: .time),
            5: Field(name: "lastTransitionTime", kind: .time), 6: .string("status"),
        ],

        // scheduling.k8s.io/v1 (`kubectl create priorityclass`); a value of 0 is sent and kept.
        "PriorityClass": [
            1: .message("metadata", "ObjectMeta"), 2: .int("value", optional: true), 3: .bool("globalDefault"),
            4: .string("description"), 5: .string("preemptionPolicy", optional: true),
        ],

        // rbac.authorization.k8s.io/v1
        "Role": [1: .message("metadata", "ObjectMeta"), 2: .messages("rules", "PolicyRule")],
        "ClusterRole": [
            1: .message("metadata", "ObjectMeta"), 2: .messages("rules", "PolicyRule"),
            3: .message("aggregationRule", "AggregationRule"),
        ],
        "AggregationRule": [1: .messages("clusterRoleSelectors", "LabelSelector")],
        "PolicyRule": [
            1: .strings("verbs"), 2: .strings("apiGroups"), 3: .strings("resources"), 4: .strings("resourceNames"),
            5: .strings("nonResourceURLs"),
        ],
        "RoleBinding": [1: .message("metadata", "ObjectMeta"), 2: .messages("subjects", "Subject"), 3: .message("roleRef", "RoleRef")],
        "Subject": [1: .string("kind"), 2: .string("apiGroup"), 3: .string("name"), 4: .string("namespace")],
        "RoleRef": [1: .string("apiGroup"), 2: .string("kind"), 3: .string("name")],

        // autoscaling/v2
        "HorizontalPodAutoscaler": [
            1: .message("metadata", "ObjectMeta"), 2: .message("spec", "HorizontalPodAutoscalerSpec"), 3: .ignored("status"),
        ],
        "HorizontalPodAutoscalerSpec": [
            1: .message("scaleTargetRef", "CrossVersionObjectReference"), 2: .int("minReplicas", optional: true),
            3: .int("maxReplicas"), 4: .messages("metrics", "MetricSpec"),
        ],
        "CrossVersionObjectReference": [1: .string("kind"), 2: .string("name"), 3: .string("apiVersion")],
        // autoscaling/v1
        "HorizontalPodAutoscalerV1": [
            1: .message("metadata", "ObjectMeta"), 2: .message("spec", "HorizontalPodAutoscalerSpecV1"), 3: .ignored("status"),
        ],
        "HorizontalPodAutoscalerSpecV1": [
            1: .message("scaleTargetRef", "CrossVersionObjectReference"), 2: .int("minReplicas", optional: true),
            3: .int("maxReplicas"), 4: .int("targetCPUUtilizationPercentage", optional: true),
        ],
        "MetricSpec": [1: .string("type"), 3: .message("resource", "ResourceMetricSource")],
        "ResourceMetricSource": [1: .string("name"), 2: .message("target", "MetricTarget")],
        "MetricTarget": [
            1: .string("type"), 2: Field(name: "value", kind: .quantity), 3: Field(name: "averageValue", kind: .quantity),
            4: .int("averageUtilization", optional: true),
        ],
    ]
}
