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

    /// Six bases, enough to be built on every core and merged as wholes.
    static func bases(clash: Bool) -> [String: String] {
        var files = ["kustomization.yaml": "resources:\n" + (0..<6).map { "- b\($0)\n" }.joined()]
        for index in 0..<6 {
            let name = clash && index == 4 ? "cm-1" : "cm-\(index)"
            files["b\(index)/kustomization.yaml"] = "resources: [cm.yaml]\n"
            files["b\(index)/cm.yaml"] = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: \(name)\n"
        }
        return files
    }

    @Test("bases built on every core are merged in order, and a clash between two names the later one")
    func basesMergeInOrder() throws {
        let output = try renderFiles(Self.bases(clash: false))
        let names = try YAMLParser(source: "output").parse(Array(output.utf8)).map { $0[path: ["metadata", "name"]]?.text ?? "" }
        #expect(names == (0..<6).map { "cm-\($0)" })
        #expect {
            _ = try renderFiles(Self.bases(clash: true))
        } throws: { error in
            "\(error)".contains("b4/cm.yaml") && "\(error)".contains("may not add resource with an already registered id: ConfigMap.v1.[noGrp]/cm-1.[noNs]")
        }
    }
}

/// `value` as four digits, zero-padded.
private func padded(_ value: Int) -> String {
    let digits = "\(value)"
    return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
}
