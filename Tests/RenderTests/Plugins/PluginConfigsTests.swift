import Manifests
import Testing
@testable import Render

@Suite("transformers, generators and validators of built-in plugins")
struct PluginConfigsTests {
    @Test("runs a transformer plugin after the kustomization's own fields")
    func transformerAfterFields() throws {
        let tree = MemoryTree([
            "kustomization.yaml": "namePrefix: field-\nresources: [cm.yaml]\ntransformers: [prefix.yaml]\n",
            "cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n",
            "prefix.yaml": """
            apiVersion: builtin
            kind: PrefixTransformer
            metadata:
              name: plugin
            prefix: plugin-
            fieldSpecs:
            - path: metadata/name
            """,
        ])
        #expect(try tree.render() == """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: plugin-field-settings

        """)
    }

    @Test("reads plugin configs inline and from a directory's kustomization")
    func inlineAndDirectory() throws {
        let tree = MemoryTree([
            "app/kustomization.yaml": """
            resources: [cm.yaml]
            transformers:
            - ../plugins
            - |-
              apiVersion: builtin
              kind: AnnotationsTransformer
              metadata:
                name: notes
              annotations:
                count: 5
              fieldSpecs:
              - path: metadata/annotations
                create: true
            """,
            "app/cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n",
            "plugins/kustomization.yaml": "resources: [labels.yaml]\n",
            "plugins/labels.yaml": """
            apiVersion: builtin
            kind: LabelTransformer
            metadata:
              name: labels
            labels:
              team: web
            fieldSpecs:
            - path: metadata/labels
              create: true
            """,
        ])
        // Inline configs run first; numbers become strings as in kustomize's decoder.
        #expect(try tree.render("app") == """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          annotations:
            count: "5"
          labels:
            team: web
          name: settings

        """)
    }

    @Test("generates objects from plugin configs, which ignore generatorOptions")
    func generators() throws {
        let tree = MemoryTree([
            "app/kustomization.yaml": "generatorOptions:\n  labels: {ignored: by-plugins}\ngenerators: [../plugins]\n",
            "plugins/kustomization.yaml": "resources: [gen.yaml]\n",
            "plugins/gen.yaml": """
            apiVersion: builtin
            kind: ConfigMapGenerator
            metadata:
              name: from-plugin
              namespace: apps
            literals: [mode=dev]
            options:
              disableNameSuffixHash: true
            ---
            apiVersion: builtin
            kind: IAMPolicyGenerator
            metadata:
              name: iam
            cloud: gke
            kubernetesService:
              name: app-sa
            serviceAccount:
              name: app
              projectId: my-project
            """,
        ])
        #expect(try tree.render("app") == """
        apiVersion: v1
        kind: ServiceAccount
        metadata:
          annotations:
            iam.gke.io/gcp-service-account: app@my-project.iam.gserviceaccount.com
          name: app-sa
        ---
        apiVersion: v1
        data:
          mode: dev
        kind: ConfigMap
        metadata:
          name: from-plugin
          namespace: apps

        """)
    }

    @Test("adds a value into file paths and escaped field names")
    func valueAdd() throws {
        let tree = MemoryTree([
            "kustomization.yaml": #"""
            resources: [cm.yaml]
            transformers:
            - |-
              apiVersion: builtin
              kind: ValueAddTransformer
              metadata:
                name: add
              value: prod
              targets:
              - fieldPath: data/path
                filePathPosition: 2
              - fieldPath: metadata/annotations/team\/env
            """#,
            "cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: paths\ndata:\n  path: /srv/data\n",
        ])
        #expect(try tree.render() == """
        apiVersion: v1
        data:
          path: /srv/prod/data
        kind: ConfigMap
        metadata:
          annotations:
            team/env: prod
          name: paths

        """)
    }

    @Test("inserts a path part as kustomize's InsertPathPart does",
          arguments: [("", 0, "PEACH"), ("/", 0, "/PEACH"), ("pie", 0, "PEACH/pie"), ("/pie", 0, "/PEACH/pie"),
                      ("raw", 1, "raw/PEACH"), ("/raw", 1, "/raw/PEACH"), ("a/nice/warm/pie", 3, "a/nice/warm/PEACH/pie"),
                      ("/a/nice/warm/pie", 3, "/a/nice/warm/PEACH/pie"), ("a/b", 99, "a/b/PEACH")])
    func insertPathPart(path: String, position: Int, expected: String) {
        #expect(ValueAddTransformer.insertPathPart(path, position, "PEACH") == expected)
    }

    @Test("refuses plugins that are not built in, naming the file and the kind")
    func refusesExternalPlugins() throws {
        let tree = MemoryTree([
            "kustomization.yaml": "resources: [cm.yaml]\ntransformers: [t.yaml]\n",
            "cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n",
            "t.yaml": "apiVersion: example.com/v1\nkind: MyTransformer\nmetadata:\n  name: mine\n",
        ])
        let error = try #require(throws: RenderError.self) { try tree.render() }
        #expect(error.file == "t.yaml")
        #expect(error.message.contains("'MyTransformer'"))
        #expect(error.message.contains("git-ops does not run plugins"))
    }

    @Test("refuses built-in kinds kustomize cannot load and generators listed as transformers",
          arguments: ["SortOrderTransformer", "ConfigMapGenerator"])
    func refusesWrongBuiltins(kind: String) throws {
        let tree = MemoryTree([
            "kustomization.yaml": "resources: [cm.yaml]\ntransformers: [t.yaml]\n",
            "cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n",
            "t.yaml": "apiVersion: builtin\nkind: \(kind)\nmetadata:\n  name: x\n",
        ])
        #expect(throws: RenderError.self) { try tree.render() }
    }

    @Test("refuses a validator that changes the objects")
    func validatorMustNotChange() throws {
        let validator = """
        apiVersion: builtin
        kind: LabelTransformer
        metadata:
          name: check
        labels:
          checked: "yes"
        """
        let unchanged = MemoryTree([
            "kustomization.yaml": "resources: [cm.yaml]\nvalidators: [v.yaml]\n",
            "cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n",
            "v.yaml": validator,
        ])
        #expect(try unchanged.render() == "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n")
        let changing = MemoryTree([
            "kustomization.yaml": "resources: [cm.yaml]\nvalidators: [v.yaml]\n",
            "cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n",
            "v.yaml": validator + "\nfieldSpecs:\n- path: metadata/labels\n  create: true\n",
        ])
        #expect(throws: RenderError.self) { try changing.render() }
    }

    @Test("keeps the validated-by label a validator adds")
    func validatedByLabel() throws {
        let tree = MemoryTree([
            "kustomization.yaml": """
            resources: [cm.yaml]
            validators:
            - |-
              apiVersion: builtin
              kind: LabelTransformer
              metadata:
                name: check
              labels:
                validated-by: checker
              fieldSpecs:
              - path: metadata/labels
                create: true
            """,
            "cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n",
        ])
        #expect(try tree.render() == """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          labels:
            validated-by: checker
          name: settings

        """)
    }

    @Test("annotates origins and transformations relative to the directory built")
    func buildMetadata() throws {
        let tree = MemoryTree([
            "base/kustomization.yaml": "resources: [cm.yaml]\nconfigMapGenerator:\n- name: gen\n  literals: [a=b]\n",
            "base/cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: plain\n",
            "overlay/kustomization.yaml": """
            buildMetadata: [originAnnotations, transformerAnnotations]
            resources: [../base]
            nameSuffix: -o
            """,
        ])
        #expect(try tree.render("overlay") == """
        apiVersion: v1
        data:
          a: b
        kind: ConfigMap
        metadata:
          annotations:
            alpha.config.kubernetes.io/transformations: |
              - configuredIn: kustomization.yaml
                configuredBy:
                  apiVersion: builtin
                  kind: SuffixTransformer
            config.kubernetes.io/origin: |
              configuredIn: ../base/kustomization.yaml
              configuredBy:
                apiVersion: builtin
                kind: ConfigMapGenerator
          name: gen-o-4h2mbtbbt6
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata:
          annotations:
            alpha.config.kubernetes.io/transformations: |
              - configuredIn: kustomization.yaml
                configuredBy:
                  apiVersion: builtin
                  kind: SuffixTransformer
            config.kubernetes.io/origin: |
              path: ../base/cm.yaml
          name: plain-o

        """)
    }

    @Test("keeps only the annotations buildMetadata asks for")
    func buildMetadataSelection() throws {
        let tree = MemoryTree([
            "kustomization.yaml": "buildMetadata: [managedByLabel]\nresources: [cm.yaml]\nnamePrefix: p-\n",
            "cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: plain\n",
        ])
        #expect(try tree.render() == """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          labels:
            app.kubernetes.io/managed-by: kustomize-(devel)
          name: p-plain

        """)
    }

    @Test("the name plugins match config field names exactly, as go-yaml v3 reads them")
    func nameTransformerKeysAreExact() throws {
        let tree = MemoryTree([
            "kustomization.yaml": "resources: [cm.yaml]\ntransformers: [t.yaml]\n",
            "cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n",
            "t.yaml": """
            apiVersion: builtin
            kind: PrefixSuffixTransformer
            metadata:
              name: plugin
            Prefix: ignored-
            suffix: -s
            fieldSpecs:
            - path: metadata/name
            """,
        ])
        #expect(try tree.render() == "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings-s\n")
    }

    @Test("ValueAddTransformer targets match field names regardless of case")
    func valueAddTargetKeysIgnoreCase() throws {
        let tree = MemoryTree([
            "kustomization.yaml": "resources: [cm.yaml]\ntransformers: [t.yaml]\n",
            "cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n",
            "t.yaml": """
            apiVersion: builtin
            kind: ValueAddTransformer
            metadata:
              name: plugin
            value: v
            targets:
            - FieldPath: metadata/labels/x
              Selector:
                Kind: ConfigMap
            """,
        ])
        #expect(try tree.render() == "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  labels:\n    x: v\n  name: settings\n")
    }

    @Test("a field spec with an empty path part fails on the objects it selects", arguments: ["", "metadata//labels"])
    func emptyFieldName(path: String) {
        #expect {
            try renderFiles([
                "kustomization.yaml": "resources: [cm.yaml]\ntransformers: [t.yaml]\n",
                "cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n",
                "t.yaml": "apiVersion: builtin\nkind: LabelTransformer\nmetadata:\n  name: p\nlabels: {a: b}\nfieldSpecs:\n- path: \"\(path)\"\n  create: true\n",
            ])
        } throws: { error in
            (error as? RenderError)?.message.contains("cannot set or create an empty field name") == true
        }
    }

    @Test("ValueAddTransformer keeps the quoting of the value it replaces, and a created value reads by type")
    func valueAddKeepsQuoting() throws {
        let output = try renderFiles([
            "kustomization.yaml": """
            resources: [a.yaml]
            transformers:
            - |-
              apiVersion: builtin
              kind: ValueAddTransformer
              metadata:
                name: v
              value: "5"
              targets:
              - fieldPath: spec/x
              - fieldPath: spec/y
              - fieldPath: spec/z

            """,
            "a.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\nspec:\n  x: 1\n  y: \"2\"\n",
        ])
        #expect(output == "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\nspec:\n  x: 5\n  \"y\": \"5\"\n  z: 5\n")
    }

    @Test("a plugin reads its config after a round trip through JSON: 1.10 is 1.1, 1e3 is 1000")
    func configThroughJSON() throws {
        let output = try renderFiles([
            "kustomization.yaml": "resources: [a.yaml]\ntransformers: [t.yaml]\n",
            "a.yaml": "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: a\n    image: nginx\n  - name: b\n    image: redis\n",
            "t.yaml": """
            apiVersion: builtin
            kind: ImageTagTransformer
            metadata:
              name: t
            imageTag:
              name: nginx
              newTag: 1.10
            ---
            apiVersion: builtin
            kind: ImageTagTransformer
            metadata:
              name: u
            imageTag:
              name: redis
              newTag: 1e3
            """,
        ])
        #expect(output == """
            apiVersion: v1
            kind: Pod
            metadata:
              name: p
            spec:
              containers:
              - image: nginx:1.1
                name: a
              - image: redis:1000
                name: b

            """)
    }

    @Test("the name plugins take yes and on for create, as go-yaml v3 does for a boolean")
    func nameTransformerYesCreate() throws {
        let output = try renderFiles([
            "kustomization.yaml": "resources: [cm.yaml]\ntransformers: [t.yaml]\n",
            "cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n",
            "t.yaml": "apiVersion: builtin\nkind: PrefixTransformer\nmetadata:\n  name: p\nprefix: p-\nfieldSpecs:\n- path: metadata/labels/x\n  create: \"on\"\n",
        ])
        #expect(output == "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  labels:\n    x: p-\n  name: settings\n")
    }
}
