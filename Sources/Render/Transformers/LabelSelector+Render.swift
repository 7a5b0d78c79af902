import Manifests

extension LabelSelector {
    /// Parses a selector of a kustomization (a target's `labelSelector` or
    /// `annotationSelector`), failing as a render error.
    static func parse(_ text: String) throws -> LabelSelector {
        do {
            return try LabelSelector(text)
        } catch {
            throw RenderError(.kustomization, file: "", error.description)
        }
    }
}
