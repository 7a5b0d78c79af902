import Manifests
import Testing
@testable import Render

/// Outputs below were printed by `kubectl kustomize` (kustomize v5.5.0) for the same inputs.
@Suite("components")
struct ComponentTests {
    @Test("a Component built directly is built like a kustomization, nested components included")
    func builtDirectly() throws {
        let output = try renderFiles([
            "kustomization.yaml": """
                apiVersion: kustomize.config.k8s.io/v1alpha1
                kind: Component
                namePrefix: top-
                resources:
                - dep.yaml
                components:
                - sub
                commonLabels:
                  x: "y"

                """,
            "sub/kustomization.yaml": """
                apiVersion: kustomize.config.k8s.io/v1alpha1
                kind: Component
                nameSuffix: -sub
                patches:
                - patch: |-
                    - op: add
                      path: /spec/replicas
                      value: 2
                  target:
                    kind: Deployment

                """,
            "dep.yaml": """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: d
                spec:
                  template:
                    spec:
                      containers:
                      - name: c
                        image: nginx

                """,
        ])
        #expect(output == """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              labels:
                x: "y"
              name: top-d-sub
            spec:
              replicas: 2
              selector:
                matchLabels:
                  x: "y"
              template:
                metadata:
                  labels:
                    x: "y"
                spec:
                  containers:
                  - image: nginx
                    name: c

            """)
    }

    @Test("a Component built directly merges into nothing, so a merge generator without a base is an error")
    func builtDirectlyMergeWithoutBase() throws {
        #expect(throws: RenderError.self) {
            try renderFiles([
                "kustomization.yaml": """
                    apiVersion: kustomize.config.k8s.io/v1alpha1
                    kind: Component
                    configMapGenerator:
                    - name: cm
                      behavior: merge
                      literals:
                      - a=b

                    """,
            ])
        }
    }
}
