import Manifests

/// Writing a replacement value into one target field.
enum ReplacementValue {
    /// A scalar target keeps its type and takes the value's text; any other
    /// target is replaced by the value. A scalar just created has no type yet
    /// and reads as its text does. With a delimiter, the value replaces one
    /// part of the target's text (or is added before or after the parts).
    static func set(_ target: inout Node, to value: Node, created: Bool, options: Replacement.Options?,
                    keepsNull: Bool) throws {
        var text = value.scalar.map { $0.tag == .null ? "" : $0.value } ?? ""
        if let options, !options.delimiter.isEmpty {
            guard case .scalar(let existing) = target else {
                throw RenderError(.build, file: "", "delimiter option can only be used with scalar nodes")
            }
            var parts = existing.value.goSplit(options.delimiter)
            if options.index < 0 {
                parts.insert(text, at: 0)
            } else if options.index >= parts.count {
                parts.append(text)
            } else {
                parts[options.index] = text
            }
            text = parts.joined(separator: options.delimiter)
        } else if case .scalar = target {
        } else {
            target = value
            return
        }
        guard case .scalar(var scalar) = target else { return }
        if created {
            scalar.tag = ScalarResolver.resolvePlain(text)
        } else if scalar.tag == .null, !keepsNull, ScalarResolver.resolvePlain(text) != .null {
            // kustomize keeps the null tag and fails when it prints the object.
            throw RenderError(.build, file: "",
                              "cannot decode '\(text)' as a null: the target field is null; give it a value of the right type or remove it")
        }
        scalar.value = text
        target = .scalar(scalar)
    }
}

extension String {
    /// Go's `strings.Split`: every occurrence of `separator` splits, empty parts kept.
    func goSplit(_ separator: String) -> [String] {
        guard !separator.isEmpty else { return map(String.init) }
        var parts: [String] = []
        var rest = Substring(self)
        while let range = rest.firstRange(of: separator) {
            parts.append(String(rest[..<range.lowerBound]))
            rest = rest[range.upperBound...]
        }
        parts.append(String(rest))
        return parts
    }
}
