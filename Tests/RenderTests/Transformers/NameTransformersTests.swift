import Manifests
import Testing
@testable import Render

@Suite("namePrefix, nameSuffix, namespace and name references")
struct NameTransformersTests {
    @Test("renames objects and fixes the references to them, hashed names and subjects included")
    func prefixSuffixNamespaceAndReferences() throws {
        let tree = MemoryTree([
            "kustomization.yaml": """
            namePrefix: p-
            nameSuffix: -s
            namespace: team
            resources: [r.yaml]
            configMapGenerator:
            - name: settings
              literals: [k=v]
            """,
            "r.yaml": """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
            spec:
              template:
                spec:
                  serviceAccountName: runner
                  containers:
                  - name: web
                    envFrom:
                    - configMapRef:
                        name: settings
                    - secretRef:
                        name: external
            ---
            apiVersion: v1
            kind: ServiceAccount
            metadata:
              name: runner
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRoleBinding
            metadata:
              name: binding
            roleRef:
              apiGroup: rbac.authorization.k8s.io
              kind: ClusterRole
              name: view
            subjects:
            - kind: ServiceAccount
              name: runner
              namespace: default
            """,
        ])
        #expect(try tree.render() == """
        apiVersion: v1
        kind: ServiceAccount
        metadata:
          name: p-runner-s
          namespace: team
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRoleBinding
        metadata:
          name: p-binding-s
        roleRef:
          apiGroup: rbac.authorization.k8s.io
          kind: ClusterRole
          name: view
        subjects:
        - kind: ServiceAccount
          name: p-runner-s
          namespace: team
        ---
        apiVersion: v1
        data:
          k: v
        kind: ConfigMap
        metadata:
          name: p-settings-s-bdg947hgcc
          namespace: team
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: p-web-s
          namespace: team
        spec:
          template:
            spec:
              containers:
              - envFrom:
                - configMapRef:
                    name: p-settings-s-bdg947hgcc
                - secretRef:
                    name: external
                name: web
              serviceAccountName: p-runner-s

        """)
    }

    @Test("renames Namespace objects, sets subjects named default and leaves cluster-scoped objects alone")
    func namespaceTransformer() throws {
        let tree = MemoryTree([
            "kustomization.yaml": "namespace: prod\nresources: [r.yaml]\n",
            "r.yaml": """
            apiVersion: v1
            kind: Namespace
            metadata:
              name: dev
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: RoleBinding
            metadata:
              name: rb
            roleRef:
              apiGroup: rbac.authorization.k8s.io
              kind: Role
              name: r
            subjects:
            - kind: ServiceAccount
              name: default
            - kind: ServiceAccount
              name: other
              namespace: elsewhere
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRole
            metadata:
              name: cr
            """,
        ])
        #expect(try tree.render() == """
        apiVersion: v1
        kind: Namespace
        metadata:
          name: prod
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata:
          name: cr
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata:
          name: rb
          namespace: prod
        roleRef:
          apiGroup: rbac.authorization.k8s.io
          kind: Role
          name: r
        subjects:
        - kind: ServiceAccount
          name: default
          namespace: prod
        - kind: ServiceAccount
          name: other
          namespace: elsewhere

        """)
    }

    @Test("refuses a namespace that makes two objects the same")
    func namespaceCollision() {
        let tree = MemoryTree([
            "kustomization.yaml": "namespace: a\nresources: [r.yaml]\n",
            "r.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: b}\n",
        ])
        #expect(throws: RenderError.self) { try tree.render() }
    }

    @Test("cluster scope is known by group, version and kind: a version or kind kustomize's schema lacks gets the namespace")
    func clusterScopeByVersion() throws {
        let output = try renderFiles([
            "kustomization.yaml": "namespace: zz\nresources:\n- res.yaml\n",
            "res.yaml": """
                apiVersion: flowcontrol.apiserver.k8s.io/v1
                kind: FlowSchema
                metadata:
                  name: a
                ---
                apiVersion: flowcontrol.apiserver.k8s.io/v1beta1
                kind: FlowSchema
                metadata:
                  name: b
                ---
                apiVersion: admissionregistration.k8s.io/v1
                kind: ValidatingAdmissionPolicy
                metadata:
                  name: c
                ---
                apiVersion: rbac.authorization.k8s.io/v1alpha1
                kind: ClusterRole
                metadata:
                  name: d
                ---
                apiVersion: v1
                kind: Namespace
                metadata:
                  name: e

                """,
        ])
        #expect(output == """
            apiVersion: v1
            kind: Namespace
            metadata:
              name: zz
            ---
            apiVersion: rbac.authorization.k8s.io/v1alpha1
            kind: ClusterRole
            metadata:
              name: d
              namespace: zz
            ---
            apiVersion: admissionregistration.k8s.io/v1
            kind: ValidatingAdmissionPolicy
            metadata:
              name: c
              namespace: zz
            ---
            apiVersion: flowcontrol.apiserver.k8s.io/v1
            kind: FlowSchema
            metadata:
              name: a
              namespace: zz
            ---
            apiVersion: flowcontrol.apiserver.k8s.io/v1beta1
            kind: FlowSchema
            metadata:
              name: b

            """)
    }

    @Test("a configurations file's specific namePrefix spec replaces the default, and adds name references")
    func configurations() throws {
        let tree = MemoryTree([
            "kustomization.yaml": "namePrefix: p-\nconfigurations: [kc.yaml]\nresources: [r.yaml]\n",
            "kc.yaml": """
            namePrefix:
            - kind: Widget
              path: metadata/name
            nameReference:
            - kind: ConfigMap
              version: v1
              fieldSpecs:
              - kind: Widget
                path: spec/settingsRef
            """,
            "r.yaml": """
            apiVersion: example.com/v1
            kind: Widget
            metadata:
              name: w
            spec:
              settingsRef: settings
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: settings
            """,
        ])
        #expect(try tree.render() == """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: settings
        ---
        apiVersion: example.com/v1
        kind: Widget
        metadata:
          name: p-w
        spec:
          settingsRef: settings

        """)
    }

    @Test("a configurations file with an unknown field is refused")
    func strictConfigurations() {
        let tree = MemoryTree([
            "kustomization.yaml": "configurations: [kc.yaml]\nresources: [r.yaml]\n",
            "kc.yaml": "namePrefix:\n- path: metadata/name\n  kinds: Widget\n",
            "r.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n",
        ])
        #expect(throws: RenderError.self) { try tree.render() }
    }

    @Test("prefers the referral renamed by the referrer's own prefix when a base is used twice")
    func referralByPrefix() throws {
        let deployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: d}
        spec:
          template:
            spec:
              containers:
              - name: c
                envFrom: [{configMapRef: {name: shared}}]
        """
        let tree = MemoryTree([
            "common/kustomization.yaml": "resources: [d.yaml]\nconfigMapGenerator:\n- name: shared\n  options: {disableNameSuffixHash: true}\n",
            "common/d.yaml": deployment,
            "a/kustomization.yaml": "namePrefix: a-\nresources: [../common]\n",
            "b/kustomization.yaml": "namePrefix: b-\nresources: [../common]\n",
            "kustomization.yaml": "resources: [a, b]\n",
        ])
        let output = try tree.render()
        #expect(output.contains("name: a-d\nspec:\n  template:\n    spec:\n      containers:\n      - envFrom:\n        - configMapRef:\n            name: a-shared\n"))
        #expect(output.contains("name: b-d\nspec:\n  template:\n    spec:\n      containers:\n      - envFrom:\n        - configMapRef:\n            name: b-shared\n"))
    }
}

@Suite("name plugins from builtin configs")
struct NamePluginsTests {
    static func resources(_ yaml: String) throws -> ResourceMap {
        var map = ResourceMap()
        for object in try YAMLParser(source: "r.yaml").parse(Array(yaml.utf8)) {
            try map.append(BuildResource(object: object, origin: "r.yaml"))
        }
        return map
    }

    static func config(_ yaml: String) throws -> Node {
        try YAMLParser(source: "t.yaml").parse(Array(yaml.utf8))[0]
    }

    @Test("the namespace plugin sets only unset namespaces, and every ServiceAccount subject in that mode")
    func namespacePlugin() throws {
        var map = try Self.resources("""
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: a}
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: b, namespace: kept}
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRoleBinding
        metadata: {name: crb}
        subjects:
        - {kind: ServiceAccount, name: one}
        - {kind: ServiceAccount, name: two, namespace: other}
        - {kind: User, name: three}
        """)
        let handled = try NamePlugins.runBuiltinTransformer(Self.config("""
        apiVersion: builtin
        kind: NamespaceTransformer
        metadata: {name: x, namespace: test}
        setRoleBindingSubjects: allServiceAccounts
        unsetOnly: true
        fieldSpecs: [{path: metadata/namespace, create: true}]
        """), file: "t.yaml", to: &map)
        #expect(handled)
        #expect(map.items.map(\.namespace) == ["test", "kept", ""])
        let subjects = map.items[2].object["subjects"]?.sequence ?? []
        #expect(subjects.map { $0["namespace"]?.text } == ["test", "other", nil])
    }

    @Test("a prefix plugin renames only the kinds its field specs name")
    func prefixPlugin() throws {
        var map = try Self.resources("apiVersion: v1\nkind: Service\nmetadata: {name: s}\n---\napiVersion: v1\nkind: Role\nmetadata: {name: r}\n")
        _ = try NamePlugins.runBuiltinTransformer(Self.config("""
        apiVersion: builtin
        kind: PrefixSuffixTransformer
        metadata: {name: x}
        prefix: zzz-
        suffix: -end
        fieldSpecs: [{kind: Service, path: metadata/name}]
        """), file: "t.yaml", to: &map)
        #expect(map.items.map(\.name) == ["zzz-s-end", "r"])
        #expect(map.items[0].prefixes == ["zzz-"] && map.items[0].suffixes == ["-end"])
    }

    @Test("an unknown subject mode is refused")
    func badSubjectMode() throws {
        var map = try Self.resources("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n")
        let config = try Self.config("apiVersion: builtin\nkind: NamespaceTransformer\nmetadata: {namespace: n}\nsetRoleBindingSubjects: some\n")
        #expect(throws: RenderError.self) { try NamePlugins.runBuiltinTransformer(config, file: "t.yaml", to: &map) }
    }

    @Test("a new name keeps the old scalar's quoting: a plain number stays a number")
    func numericNames() throws {
        let output = try renderFiles([
            "kustomization.yaml": "nameSuffix: \"0\"\nresources: [a.yaml]\n",
            "a.yaml": """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: 123
            ---
            apiVersion: v1
            kind: Secret
            metadata:
              name: "456"
            ---
            apiVersion: v1
            kind: Pod
            metadata:
              name: p
            spec:
              volumes:
              - name: v
                configMap:
                  name: 123
            """,
        ])
        #expect(output == """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: 1230
            ---
            apiVersion: v1
            kind: Secret
            metadata:
              name: "4560"
            ---
            apiVersion: v1
            kind: Pod
            metadata:
              name: p0
            spec:
              volumes:
              - configMap:
                  name: 1230
                name: v

            """)
    }
}
