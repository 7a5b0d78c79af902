import Manifests

/// `images`: rewrites the name, tag and digest of container images.
///
/// kustomize runs two passes per entry: one over every `containers` and
/// `initContainers` list at any depth of an object, then one over the image
/// field specs. Both skip CustomResourceDefinitions. An image both passes
/// reach is rewritten twice, which shows only with `tagSuffix` (appended twice).
struct ImageTransformer {
    let image: Kustomization.ImageSpec
    let fieldSpecs: [FieldSpec]

    func apply(to resources: inout ResourceMap) throws {
        let matcher = try ImageMatcher(image.name)
        try resources.modifyAll { resource in
            guard resource.kind != "CustomResourceDefinition" else { return }
            try rewriteContainerLists(in: &resource.object, matcher)
            for spec in fieldSpecs {
                try FieldPath.visit(&resource.object, spec) { node in try rewrite(&node, matcher) }
            }
        }
    }

    /// The first pass: `image` of the items of any `containers`/`initContainers` list.
    func rewriteContainerLists(in node: inout Node, _ matcher: ImageMatcher) throws {
        switch node {
        case .mapping:
            try node.modifyMapping { mapping in
                for index in mapping.entries.indices {
                    try rewriteContainerLists(in: &mapping.entries[index].value, matcher)
                    let key = mapping.entries[index].key.value
                    guard key == "containers" || key == "initContainers" else { continue }
                    try mapping.entries[index].value.modifySequence { items in
                        for item in items.indices {
                            try items[item].modifyMapping { container in
                                guard let field = container.index(of: "image") else { return }
                                try rewrite(&container.entries[field].value, matcher)
                            }
                        }
                    }
                }
            }
        case .sequence:
            try node.modifySequence { items in
                for index in items.indices { try rewriteContainerLists(in: &items[index], matcher) }
            }
        case .scalar:
            return
        }
    }

    /// Rewrites one image value when its name matches.
    func rewrite(_ node: inout Node, _ matcher: ImageMatcher) throws {
        guard case .scalar(let scalar) = node else {
            throw RenderError(.build, file: "",
                              "wrong node kind: expected ScalarNode but got \(MapEntrySetter.kindName(node)): node contents:\n\(MapEntrySetter.contents(node))")
        }
        guard matcher.matches(scalar.value) else { return }
        var reference = ImageReference(scalar.value)
        if !image.newName.isEmpty { reference.name = image.newName }
        // A new tag or digest replaces both the old tag and digest.
        if !image.newTag.isEmpty && !image.digest.isEmpty {
            reference.tag = image.newTag
            reference.digest = image.digest
        } else if !image.newTag.isEmpty {
            reference.tag = image.newTag
            reference.digest = ""
        } else if !image.digest.isEmpty {
            reference.tag = ""
            reference.digest = image.digest
        } else if !image.tagSuffix.isEmpty {
            reference.tag += image.tagSuffix
            reference.digest = ""
        }
        node = .string(reference.description)
    }
}

/// Whether an image value names the image of an `images:` entry: the entry's
/// name, a Go regular expression, followed by an optional tag and sha256
/// digest; `*` matches every image.
struct ImageMatcher {
    let regex: Regex<AnyRegexOutput>?

    init(_ name: String) throws {
        if name == "*" {
            regex = nil
            return
        }
        do {
            regex = try Regex("^" + name + "(:[a-zA-Z0-9_.{}-]*)?(@sha256:[a-zA-Z0-9_.{}-]*)?$")
        } catch {
            throw RenderError(.kustomization, file: "", "invalid image name '\(name)' in 'images': not a valid regular expression")
        }
    }

    func matches(_ value: String) -> Bool {
        guard let regex else { return true }
        return (try? regex.firstMatch(in: value)) != nil
    }
}
