import Manifests

extension KustomizationTarget {
    /// Applies this kustomization's `openapi:` to the build's schema, as
    /// kustomize does on entering a kustomization: `reset` for the top one,
    /// whose setting wins; a base's or component's counts only if none was set.
    func setOpenAPI(in context: inout BuildContext, reset: Bool) throws {
        var document: Node?
        if let path = kustomization.openAPI.first(where: { $0.key == "path" })?.value {
            let display = loader.display(path)
            do {
                document = try YAMLParser(source: display).parse(try loader.load(path)).first
            } catch let error as YAMLError {
                throw RenderError(.syntax, file: display, "invalid schema file: \(error.message) at line \(error.line)")
            }
        }
        try context.openAPI.set(openAPI: kustomization.openAPI, customDocument: document, reset: reset, file: file)
    }
}
