import Manifests
import Testing

/// The first document of `yaml`, as a test writes an object.
func object(_ yaml: String) throws -> Node {
    let documents = try YAMLParser(source: "test.yaml").parse(yaml)
    return try #require(documents.first)
}
