import Testing
@testable import Render

/// Outputs and failures below are those of `kubectl kustomize` (kustomize v5.5.0) for the same inputs.
@Suite("values of kustomization fields as kustomize reads them")
struct KustomizationValueTests {
    static let configMap = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n"

    func render(_ kustomization: String, resource: String = configMap) throws -> String {
        try renderFiles(["kustomization.yaml": "resources: [r.yaml]\n" + kustomization, "r.yaml": resource])
    }

    @Test("a date or timestamp given for a string field is taken as its text")
    func timestampValues() throws {
        #expect(try render("commonLabels: {a: 2001-12-14}\n") == """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              labels:
                a: "2001-12-14"
              name: c

            """)
        #expect(try render("namePrefix: 2001-12-14-\n") == "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: 2001-12-14-c\n")
    }

    @Test("a quoted key that YAML 1.1 reads as a boolean is kept as written")
    func quotedOldBooleanKey() throws {
        #expect(try render("commonLabels: {\"yes\": x}\n") == """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              labels:
                "yes": x
              name: c

            """)
    }

    @Test("a label or annotation key that reads as another type makes the output fail", arguments: [
        "commonLabels: {yes: x}\n",             // read by YAML 1.1 as the key "true"
        "commonAnnotations: {on: x}\n",
        "labels: [{pairs: {y: x}}]\n",
        "commonLabels: {010: x}\n",             // the key "8"
        "commonLabels: {\"0x10\": x}\n",
        "commonLabels: {\"2001-12-14\": x}\n",
        "commonLabels: {null: x}\n",
        "generatorOptions: {labels: {on: x}}\nconfigMapGenerator: [{name: g, literals: [a=b]}]\n",
    ])
    func keysThatAreNotStrings(kustomization: String) throws {
        #expect(throws: RenderError.self) { try render(kustomization) }
    }

    @Test("a key already in the object keeps its own quoting")
    func existingKeyKeepsItsQuoting() throws {
        let resource = Self.configMap + "  labels:\n    \"1\": x\n"
        #expect(try render("commonLabels: {\"1\": z}\n", resource: resource) == """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              labels:
                "1": z
              name: c

            """)
    }

    @Test("a whole number written as a float is an integer count; a fraction is refused")
    func floatCounts() throws {
        let deployment = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\n"
        #expect(try render("replicas: [{name: d, count: 1e1}]\n", resource: deployment) == """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: d
            spec:
              replicas: 10

            """)
        #expect(throws: RenderError.self) { try render("replicas: [{name: d, count: 3.5}]\n", resource: deployment) }
    }
}
