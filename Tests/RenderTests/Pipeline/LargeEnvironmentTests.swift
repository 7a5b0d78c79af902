import Testing
@testable import Manifests
@testable import Render

/// An environment large enough that transformers, hash suffixes, sorting and
/// the final clean-up run on every core: the result must be what one thread gives.
@Suite("large environments")
struct LargeEnvironmentTests {
    static let count = 1_500

    /// `count` ConfigMaps in one file, listed in reverse name order, with `extra` appended to the last one.
    static func configMaps(extra: String = "") -> String {
        (0..<count).reversed().map { index in
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-\(padded(index))\ndata:\n  n: \"\(index)\"\n"
        }.joined(separator: "---\n") + extra
    }

    @Test("every object gets the namespace, prefix and annotations, in sorted order")
    func transformsEveryObject() throws {
        let output = try renderFiles([
            "kustomization.yaml": """
                namespace: big
                namePrefix: p-
                commonAnnotations:
                  team: one
                resources:
                - maps.yaml
                configMapGenerator:
                - name: settings
                  literals: [a=1]
                """,
            "maps.yaml": Self.configMaps(),
        ])
        let documents = try YAMLParser(source: "output").parse(Array(output.utf8))
        #expect(documents.count == Self.count + 1)
        let names = documents.map { $0[path: ["metadata", "name"]]?.text ?? "" }
        // The generated map carries its content hash; the others are sorted by name.
        #expect(names.filter { $0.hasPrefix("p-settings-") }.count == 1)
        let maps = names.filter { $0.hasPrefix("p-cm-") }
        #expect(maps == (0..<Self.count).map { "p-cm-\(padded($0))" })
        for document in documents {
            #expect(document[path: ["metadata", "namespace"]]?.text == "big")
            #expect(document[path: ["metadata", "annotations", "team"]]?.text == "one")
        }
    }

    @Test("a failure in one object of many names that object's file")
    func failureNamesTheFile() throws {
        #expect {
            try renderFiles([
                "kustomization.yaml": "commonAnnotations:\n  team: one\nresources:\n- maps.yaml\n- odd.yaml\n",
                "maps.yaml": Self.configMaps(),
                "odd.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: odd\n  annotations: not-a-map\n",
            ])
        } throws: { error in
            guard let error = error as? RenderError else { return false }
            return error.file.hasSuffix("odd.yaml") && error.message.contains("expected MappingNode")
        }
    }
}

/// `value` as four digits, zero-padded.
private func padded(_ value: Int) -> String {
    let digits = "\(value)"
    return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
}
