import Manifests

/// `images`: rewrites the name, tag and digest of container images.
///
/// kustomize runs two passes per entry: one over every `containers` and
/// `initContainers` list at any depth of an object, then one over the image
/// field specs. Both skip CustomResourceDefinitions. An image both passes
/// reach is rewritten twice, which shows only with `tagSuffix` (appended twice).
struct ImageTagTransformer {
    let image: Kustomization.ImageSpec
    let fieldSpecs: [FieldSpec]

    func apply(to resources: inout ResourceMap) throws {
        let matcher = try ImageMatcher(image.name)
        try resources.modifyAll { resource in
            guard resource.kind != "CustomResourceDefinition" else { return }
            try rewriteContainerLists(in: &resource.object, matcher)
            for spec in fieldSpecs {
                do {
                    try FieldPath.visit(&resource.object, spec) { node in try rewrite(&node, matcher) }
                } catch var error as RenderError {
                    // Name the field, the object and its file, as kustomize names the first two.
                    if error.file.isEmpty { error.file = resource.origin }
                    error.message = "considering field '\(spec.path)' of object \(ResourceMap.describe(resource.id)): \(error.message)"
                    throw error
                }
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
        node = ScalarRewrite.replacing(node, with: reference.description)
    }
}

/// Whether an image value names the image of an `images:` entry: the entry's
/// name, a Go regular expression, followed by an optional tag and sha256
/// digest; `*` matches every image.
struct ImageMatcher {
    let regex: Regex<AnyRegexOutput>?
    /// The name as bytes when it has no regular-expression syntax but `.` (most
    /// image names); matched by hand, which is much cheaper than compiling it.
    let literal: [UInt8]?

    init(_ name: String) throws {
        if name == "*" {
            regex = nil
            literal = nil
            return
        }
        // The same syntax as a target pattern's, looked for in the bytes.
        if !name.utf8.contains(where: TextPattern.isSyntax) {
            regex = nil
            literal = Array(name.utf8)
            return
        }
        literal = nil
        do {
            regex = try Regex("^" + name + "(:[a-zA-Z0-9_.{}-]*)?(@sha256:[a-zA-Z0-9_.{}-]*)?$")
        } catch {
            throw RenderError(.kustomization, file: "", "invalid image name '\(name)' in 'images': not a valid regular expression")
        }
    }

    func matches(_ value: String) -> Bool {
        if let literal { return value.withUTF8Bytes { Self.matches(literal: literal, $0) } }
        guard let regex else { return true }
        return (try? regex.firstMatch(in: value)) != nil
    }

    /// `^name(:[a-zA-Z0-9_.{}-]*)?(@sha256:[a-zA-Z0-9_.{}-]*)?$` with `.` in the name matching any character.
    static func matches(literal: [UInt8], _ value: UnsafeBufferPointer<UInt8>) -> Bool {
        // Work in characters, as the regular expression would: '.' matches one whole character.
        var index = 0
        for byte in literal {
            guard index < value.count else { return false }
            if byte == UInt8(ascii: ".") {
                index += width(value[index])
            } else {
                guard value[index] == byte else { return false }
                index += 1
            }
        }
        func isTagCharacter(_ byte: UInt8) -> Bool {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "-"):
                return true
            default:
                return false
            }
        }
        if index < value.count, value[index] == UInt8(ascii: ":") {
            index += 1
            while index < value.count, isTagCharacter(value[index]) { index += 1 }
        }
        let digestPrefix = "@sha256:".utf8
        if index < value.count, value.count - index >= digestPrefix.count,
           value[index..<index + digestPrefix.count].elementsEqual(digestPrefix) {
            index += digestPrefix.count
            while index < value.count, isTagCharacter(value[index]) { index += 1 }
        }
        return index == value.count
    }

    static func width(_ lead: UInt8) -> Int {
        lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
    }
}
