import Manifests

/// Reads Kubernetes objects from a YAML (or JSON) file as kustomize does:
/// empty documents are skipped, every object needs a kind and a name, and
/// `*List` objects are replaced by their items. Null list items are fine:
/// kustomize's check for them (`HasNilEntryInList`) never matches anything.
package enum ResourceReader {
    /// The objects of `bytes`; `file` names the file in errors.
    package static func objects(_ bytes: [UInt8], file: String) throws -> [Node] {
        try read(bytes, file: file).objects
    }

    /// The objects of `bytes`, and whether its first YAML document is a mapping.
    static func read(_ bytes: [UInt8], file: String) throws -> (objects: [Node], startsWithMapping: Bool) {
        var documents: [Node]
        let pieces: Int
        do {
            (documents, pieces) = try ResourceDocuments.parse(bytes, file: file)
        } catch let error as YAMLError {
            throw RenderError(.syntax, file: file, "invalid YAML at line \(error.line), column \(error.column): \(error.message)")
        }
        // kustomize's reader unwraps a file that is one `List` or `ResourceList`
        // with `items` or a `functionConfig`; one with only the latter is nothing.
        if pieces == 1, documents.count == 1, let document = documents.first,
           ["List", "ResourceList"].contains(document["kind"]?.text ?? ""),
           document["items"] == nil, document["functionConfig"] != nil {
            documents = []
        }
        return (try objects(of: documents, file: file), documents.first?.mapping != nil)
    }

    static func objects(of documents: [Node], file: String) throws -> [Node] {
        var queue = documents[...]
        var result: [Node] = []
        while let document = queue.popFirst() {
            if isEmpty(document) { continue }
            try validate(document, file: file)
            let kind = document["kind"]?.text ?? ""
            // A FooList without an `items` field is not a collection but an object of its own.
            guard kind.hasSuffix("List"), document["items"] != nil else {
                var object = document
                // kustomize's reader annotates every document it reads, then takes
                // the annotations off again: an object without metadata (a FooList
                // needs no name) is left with an empty one.
                if object["metadata"] == nil { object["metadata"] = .emptyMapping }
                result.append(object)
                continue
            }
            // A FooList becomes its items, each as it reads back from JSON.
            guard let items = document["items"], !items.isNull else { continue }
            guard let list = items.sequence else {
                throw RenderError(.syntax, file: file, "expected array in \(kind)/items")
            }
            for item in list {
                let normalized: Node
                do {
                    normalized = try JSON.roundTrip(item)
                } catch {
                    throw RenderError(.syntax, file: file, "\(error)")
                }
                if isEmpty(normalized) { continue }
                try validate(normalized, file: file)
                queue.append(normalized)
            }
        }
        return result
    }

    static func isEmpty(_ node: Node) -> Bool {
        switch node {
        case .scalar(let scalar): return scalar.tag == .null || scalar.value.isEmpty
        case .mapping(let mapping): return mapping.isEmpty
        case .sequence(let items): return items.isEmpty
        }
    }

    static func validate(_ node: Node, file: String) throws {
        guard node.mapping != nil else {
            throw RenderError(.syntax, file: file, "a document is not a Kubernetes object (a YAML mapping with apiVersion, kind and metadata)")
        }
        let kind = node["kind"]?.text ?? ""
        if kind.isEmpty {
            throw RenderError(.syntax, file: file, "missing kind in object \(summary(node))")
        }
        if !kind.hasSuffix("List"), (node[path: ["metadata", "name"]]?.text ?? "").isEmpty {
            throw RenderError(.syntax, file: file, "missing metadata.name in object \(summary(node))")
        }
    }

    static func summary(_ node: Node) -> String {
        let apiVersion = node["apiVersion"]?.text ?? ""
        let kind = node["kind"]?.text ?? ""
        let name = node[path: ["metadata", "name"]]?.text ?? ""
        return "{apiVersion: \(apiVersion), kind: \(kind), name: \(name)}"
    }
}
