import Manifests
import Testing
@testable import Render

/// Outputs below were printed by `kubectl kustomize` (kustomize v5.5.0) for the same inputs.
@Suite("images")
struct ImageTransformerTests {
    @Test("names match without tag or digest, never a longer path, and registry ports are not tags")
    func matching() throws {
        let output = try renderFiles([
            "kustomization.yaml": """
                resources:
                - pod.yaml
                images:
                - name: nginx
                  newTag: "1.25"
                - name: registry.local:5000/app
                  newName: registry.local:5000/app2
                - name: redis
                  digest: sha256:abc
                - name: busybox
                  newName: mirror/busybox
                  newTag: stable

                """,
            "pod.yaml": """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: p
                spec:
                  containers:
                  - name: a
                    image: nginx@sha256:000
                  - name: b
                    image: docker.io/library/nginx:1.0
                  - name: c
                    image: registry.local:5000/app:v1
                  - name: d
                    image: redis:7
                  initContainers:
                  - name: e
                    image: busybox

                """,
        ])
        #expect(output == """
            apiVersion: v1
            kind: Pod
            metadata:
              name: p
            spec:
              containers:
              - image: nginx:1.25
                name: a
              - image: docker.io/library/nginx:1.0
                name: b
              - image: registry.local:5000/app2:v1
                name: c
              - image: redis@sha256:abc
                name: d
              initContainers:
              - image: mirror/busybox:stable
                name: e

            """)
    }

    @Test("'*' matches every image in any containers list, and a tag suffix lands twice where both passes reach")
    func wildcardAndSuffix() throws {
        let output = try renderFiles([
            "kustomization.yaml": "resources:\n- widget.yaml\nimages:\n- name: \"*\"\n  tagSuffix: -fips\n",
            "widget.yaml": """
                apiVersion: example.com/v1
                kind: Widget
                metadata:
                  name: w
                spec:
                  containers:
                  - image: app:1
                  jobTemplate:
                    spec:
                      template:
                        spec:
                          containers:
                          - image: app:1
                  image: app:1

                """,
        ])
        #expect(output == """
            apiVersion: example.com/v1
            kind: Widget
            metadata:
              name: w
            spec:
              containers:
              - image: app:1-fips-fips
              image: app:1
              jobTemplate:
                spec:
                  template:
                    spec:
                      containers:
                      - image: app:1-fips

            """)
    }

    @Test("CustomResourceDefinitions are left alone")
    func skipsCRDs() throws {
        let crd = """
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata:
              name: widgets.example.com
            spec:
              containers:
              - image: app:1

            """
        let output = try renderFiles(["kustomization.yaml": "resources:\n- crd.yaml\nimages:\n- name: app\n  newTag: \"2\"\n", "crd.yaml": crd])
        #expect(output == crd)
    }

    @Test("image references split into name, tag and digest as kustomize splits them",
          arguments: [
              ("nginx", "nginx", "", ""),
              ("nginx:1.2", "nginx", "1.2", ""),
              ("reg:5000/a/b:v1@sha256:x", "reg:5000/a/b", "v1", "sha256:x"),
              ("reg:5000/a@sha256:x", "reg:5000/a", "", "sha256:x"),
              ("a@b:c", "a", "", "b:c"),
              ("/a:1", "/a", "1", ""),
          ])
    func split(text: String, name: String, tag: String, digest: String) {
        let reference = ImageReference(text)
        #expect(reference.name == name && reference.tag == tag && reference.digest == digest)
        #expect(reference.description == text)
    }

    @Test("a new image keeps the old scalar's quoting: a plain number stays a number")
    func numericImages() throws {
        let output = try renderFiles([
            "kustomization.yaml": "resources: [a.yaml]\nimages:\n- name: \"456\"\n  newName: \"789\"\n",
            "a.yaml": "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: a\n    image: 456\n  - name: b\n    image: \"456\"\n",
        ])
        #expect(output == """
            apiVersion: v1
            kind: Pod
            metadata:
              name: p
            spec:
              containers:
              - image: 789
                name: a
              - image: "789"
                name: b

            """)
    }
}
