import Manifests
import Testing
@testable import Render

/// Outputs below were printed by `kubectl kustomize` (kustomize v5.5.0) for the same inputs.
@Suite("sort options")
struct SortOptionsTests {
    static let objects = """
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingWebhookConfiguration
        metadata:
          name: v
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: s
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: d
        ---
        apiVersion: example.com/v1
        kind: Alpha
        metadata:
          name: a
        ---
        apiVersion: v1
        kind: Namespace
        metadata:
          name: ns

        """

    @Test("legacy options that leave out orderLast put no kind last")
    func orderFirstOnly() throws {
        let output = try renderFiles([
            "kustomization.yaml": """
                resources:
                - r.yaml
                sortOptions:
                  order: legacy
                  legacySortOptions:
                    orderFirst:
                    - Alpha

                """,
            "r.yaml": Self.objects,
        ])
        #expect(output == """
            apiVersion: example.com/v1
            kind: Alpha
            metadata:
              name: a
            ---
            apiVersion: admissionregistration.k8s.io/v1
            kind: ValidatingWebhookConfiguration
            metadata:
              name: v
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: d
            ---
            apiVersion: v1
            kind: Namespace
            metadata:
              name: ns
            ---
            apiVersion: v1
            kind: Service
            metadata:
              name: s

            """)
    }

    @Test("empty legacy options order by group, version and kind alone; null ones keep the default lists")
    func emptyAndNullOptions() throws {
        let empty = try renderFiles([
            "kustomization.yaml": "resources:\n- r.yaml\nsortOptions:\n  order: legacy\n  legacySortOptions: {}\n",
            "r.yaml": Self.objects,
        ])
        #expect(empty.components(separatedBy: "\n").filter { $0.hasPrefix("kind: ") } == [
            "kind: ValidatingWebhookConfiguration", "kind: Deployment", "kind: Alpha", "kind: Namespace", "kind: Service",
        ])
        let null = try renderFiles([
            "kustomization.yaml": "resources:\n- r.yaml\nsortOptions:\n  order: legacy\n  legacySortOptions: null\n",
            "r.yaml": Self.objects,
        ])
        #expect(null.components(separatedBy: "\n").filter { $0.hasPrefix("kind: ") } == [
            "kind: Namespace", "kind: Service", "kind: Deployment", "kind: Alpha", "kind: ValidatingWebhookConfiguration",
        ])
    }
}
