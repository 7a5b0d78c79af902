import Manifests

/// The error for a kustomization field this renderer does not handle yet.
func notYetSupported(_ field: String, file: String) -> RenderError {
    RenderError(.kustomization, file: file, "field '\(field)' is not supported by git-ops yet")
}
